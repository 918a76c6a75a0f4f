package dev.parley.functions.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.Caller;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.handler.Replies;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.protocol.Action;
import dev.parley.core.service.DeviceService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/** {@code registerDevice}: records a push device for the caller. */
public final class RegisterDeviceHandler implements RequestStreamHandler {

    private final DeviceService devices;
    private final WebSocketActions<Action.ServedByDevices> actions;

    public RegisterDeviceHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public RegisterDeviceHandler(Environment environment) {
        this(wire(RegisterDeviceConfig.fromEnvironment(environment), Production.create("register-device", environment)));
    }

    RegisterDeviceHandler(DeviceService devices) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.actions = new WebSocketActions<>("devices", Action.ServedByDevices.class, this::dispatch);
    }

    private static DeviceService wire(RegisterDeviceConfig config, Production production) {
        var clock = Clock.systemUTC();
        return new DeviceService(production.devices(config.devicesTable()), production.pushEndpoints(config.platformApplications()),
                new RateLimiter(production.throttles(config.throttlesTable()), clock, config.rateLimits()), clock);
    }

    /** Lambda's entry: the event read and the answer written by {@link LambdaJson}, primed before the snapshot. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.webSocketEvent(input), context), output);
    }

    /** The invocation, on the event as read. */
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return actions.handle(event, context);
    }

    private String dispatch(Caller caller, String requestId, Action.ServedByDevices action) {
        return switch (action) {
            case Action.RegisterDevice register -> Replies.deviceAck(requestId,
                    devices.register(caller.userId(), register.platform(), register.deviceToken()));
        };
    }
}
