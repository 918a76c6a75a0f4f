package dev.parley.functions.presence;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.Caller;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.handler.Replies;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.json.Json;
import dev.parley.core.priming.Priming;
import dev.parley.core.priming.Rehearsal;
import dev.parley.core.priming.RehearsalWorld;
import dev.parley.core.protocol.Action;
import dev.parley.core.service.PresenceService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code typing}, {@code ping}, {@code subscribePresence}, and the {@code $default} route: a frame whose action has
 * no route of its own arrives here and is answered {@code unknown_action} (or {@code bad_request} when it is not a
 * frame at all).
 */
public final class PresenceHandler implements RequestStreamHandler {

    private final PresenceService presence;
    private final Clock clock;
    private final WebSocketActions<Action.ServedByPresence> actions;

    public PresenceHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public PresenceHandler(Environment environment) {
        this(wire(PresenceConfig.fromEnvironment(environment), Production.create("presence", environment)), Clock.systemUTC());
        Priming.rehearse("presence", () -> rehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function's main route: its invocation on a sample event, wired to clients that
     * answer in the JVM (see {@link Priming#rehearse}).
     */
    static Priming.Step rehearsal(Environment environment) {
        return Rehearsal.action(
                () -> new PresenceHandler(wire(PresenceConfig.fromEnvironment(environment), Production.rehearsal(environment)),
                        Clock.systemUTC()),
                Json.object().put("action", "typing").put("requestId", "rehearsal").put("channelId", RehearsalWorld.CHANNEL_ID),
                Rehearsal.answeredWithoutFrame());
    }

    PresenceHandler(PresenceService presence, Clock clock) {
        this.presence = Objects.requireNonNull(presence, "presence");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actions = new WebSocketActions<>("presence", Action.ServedByPresence.class, this::dispatch);
    }

    private static PresenceService wire(PresenceConfig config, Production production) {
        return new PresenceService(production.members(config.membersTable()), production.presence(config.presenceTable()),
                production.presenceWatches(config.presenceWatchTable()), production.throttles(config.throttlesTable()),
                production.events(config.eventsTopicArn()),
                new RateLimiter(production.throttles(config.throttlesTable()), Clock.systemUTC(), config.rateLimits()), Clock.systemUTC());
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

    private String dispatch(Caller caller, String requestId, Action.ServedByPresence action) {
        return switch (action) {
            case Action.Typing typing -> {
                presence.typing(caller.userId(), typing.channelId());
                yield null;
            }
            case Action.Ping ping -> Replies.pong(requestId, clock.millis());
            case Action.SubscribePresence subscribe -> Replies.presence(requestId,
                    presence.subscribe(caller.userId(), caller.connectionId(), subscribe.userIds()));
        };
    }
}
