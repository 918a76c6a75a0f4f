package dev.parley.functions.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.handler.Caller;
import dev.parley.core.handler.Replies;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.Frame;
import dev.parley.core.protocol.UnknownActionException;
import dev.parley.core.service.DeviceService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/** {@code registerDevice}: records a push device for the caller. */
public final class RegisterDeviceHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final Set<String> ACTIONS = Set.of("registerDevice");

    private final DeviceService devices;
    private final WebSocketActions actions;

    public RegisterDeviceHandler() {
        this(wire(RegisterDeviceConfig.fromEnvironment(), Production.create("register-device")));
    }

    RegisterDeviceHandler(DeviceService devices) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.actions = new WebSocketActions("devices", ACTIONS, this::dispatch);
    }

    private static DeviceService wire(RegisterDeviceConfig config, Production production) {
        var clock = Clock.systemUTC();
        return new DeviceService(production.devices(config.devicesTable()), production.pushEndpoints(config.platformApplications()),
                new RateLimiter(production.throttles(config.throttlesTable()), clock), clock);
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return actions.handle(event, context);
    }

    private String dispatch(Caller caller, Frame frame) {
        return switch (frame.action()) {
            case Action.RegisterDevice register -> Replies.deviceAck(frame.requestId(),
                    devices.register(caller.userId(), register.platform(), register.deviceToken()));
            default -> throw new UnknownActionException("unknown action \"" + frame.action().name() + "\"");
        };
    }
}
