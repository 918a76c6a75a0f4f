package dev.parley.functions.sendmessage;

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
import dev.parley.core.service.MessageService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/** {@code sendMessage}, {@code editMessage}, {@code deleteMessage} and {@code react}. */
public final class SendMessageHandler implements RequestStreamHandler {

    private final MessageService messages;
    private final WebSocketActions<Action.ServedBySendMessage> actions;

    public SendMessageHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public SendMessageHandler(Environment environment) {
        this(wire(SendMessageConfig.fromEnvironment(environment), Production.create("send-message", environment)));
        Priming.rehearse("send-message", () -> rehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function's main route: its invocation on a sample event, wired to clients that
     * answer in the JVM (see {@link Priming#rehearse}).
     */
    static Priming.Step rehearsal(Environment environment) {
        return Rehearsal.action(
                () -> new SendMessageHandler(wire(SendMessageConfig.fromEnvironment(environment), Production.rehearsal(environment))),
                Json.object().put("action", "sendMessage").put("requestId", "rehearsal").put("channelId", RehearsalWorld.CHANNEL_ID)
                        .put("clientMsgId", "rehearsal").put("text", "rehearsal"),
                Rehearsal.answeredWith("ack"));
    }

    SendMessageHandler(MessageService messages) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.actions = new WebSocketActions<>("send-message", Action.ServedBySendMessage.class, this::dispatch);
    }

    private static MessageService wire(SendMessageConfig config, Production production) {
        var clock = Clock.systemUTC();
        var throttles = production.throttles(config.throttlesTable());
        return new MessageService(production.channels(config.channelsTable(), config.membersTable()),
                production.members(config.membersTable()),
                production.messages(config.channelsTable(), config.messagesTable(), config.dedupTable()),
                production.objects(config.attachmentsBucket()), production.events(config.eventsTopicArn()), throttles,
                new RateLimiter(throttles, clock, config.rateLimits()), clock, config.retention());
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

    private String dispatch(Caller caller, String requestId, Action.ServedBySendMessage action) {
        return switch (action) {
            case Action.SendMessage send -> Replies.sendAck(requestId, messages.send(caller.userId(), send));
            case Action.EditMessage edit -> Replies.ack(requestId, messages.edit(caller.userId(), edit));
            case Action.DeleteMessage delete -> Replies.ack(requestId, messages.delete(caller.userId(), delete));
            case Action.React react -> Replies.ack(requestId, messages.react(caller.userId(), react));
        };
    }
}
