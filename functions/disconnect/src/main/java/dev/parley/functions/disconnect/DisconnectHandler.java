package dev.parley.functions.disconnect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.priming.Priming;
import dev.parley.core.priming.Rehearsal;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.wiring.ConnectionFunctionsConfig;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** {@code $disconnect}: forgets the connection; the user goes offline when it was their last. Best effort, idempotent. */
public final class DisconnectHandler implements RequestStreamHandler {

    private final ConnectionService connections;

    public DisconnectHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public DisconnectHandler(Environment environment) {
        this(ConnectionFunctionsConfig.fromEnvironment(environment).service(Production.create("disconnect", environment)));
        Priming.rehearse("disconnect", () -> rehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function's main route: its invocation on a sample event, wired to clients that
     * answer in the JVM (see {@link Priming#rehearse}).
     */
    static Priming.Step rehearsal(Environment environment) {
        return Rehearsal.lifecycle(() -> new DisconnectHandler(
                        ConnectionFunctionsConfig.fromEnvironment(environment).service(Production.rehearsal(environment))),
                "$disconnect", Rehearsal.answeredWithoutFrame());
    }

    DisconnectHandler(ConnectionService connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Lambda's entry: the event read and the answer written by {@link LambdaJson}, primed before the snapshot. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.webSocketEvent(input), context), output);
    }

    /** The invocation, on the event as read. */
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("disconnect");
        try {
            var connectionId = WebSocketActions.connectionId(event);
            if (connectionId != null) {
                connections.disconnect(connectionId, WebSocketActions.userId(event));
                metrics.count("Disconnected", 1);
            }
            return WebSocketActions.respond(null);
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }
}
