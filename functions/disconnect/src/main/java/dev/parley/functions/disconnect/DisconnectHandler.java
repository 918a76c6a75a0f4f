package dev.parley.functions.disconnect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.wiring.ConnectionFunctionsConfig;
import dev.parley.core.wiring.Production;
import java.util.Objects;

/** {@code $disconnect}: forgets the connection; the user goes offline when it was their last. Best effort, idempotent. */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final ConnectionService connections;

    public DisconnectHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public DisconnectHandler(Environment environment) {
        this(ConnectionFunctionsConfig.fromEnvironment(environment).service(Production.create("disconnect", environment)));
    }

    DisconnectHandler(ConnectionService connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
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
