package dev.parley.functions.sendmessage;

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
import dev.parley.core.service.MessageService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/** {@code sendMessage}, {@code editMessage}, {@code deleteMessage} and {@code react}. */
public final class SendMessageHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final Set<String> ACTIONS = Set.of("sendMessage", "editMessage", "deleteMessage", "react");

    private final MessageService messages;
    private final WebSocketActions actions;

    public SendMessageHandler() {
        this(wire(SendMessageConfig.fromEnvironment(), Production.create("send-message")));
    }

    SendMessageHandler(MessageService messages) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.actions = new WebSocketActions("send-message", ACTIONS, this::dispatch);
    }

    private static MessageService wire(SendMessageConfig config, Production production) {
        var clock = Clock.systemUTC();
        var throttles = production.throttles(config.throttlesTable());
        return new MessageService(production.channels(config.channelsTable(), config.membersTable()),
                production.members(config.membersTable()),
                production.messages(config.channelsTable(), config.messagesTable(), config.dedupTable()),
                production.objects(config.attachmentsBucket()), production.events(config.eventsTopicArn()), throttles,
                new RateLimiter(throttles, clock), clock, config.retention());
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return actions.handle(event, context);
    }

    private String dispatch(Caller caller, Frame frame) {
        var requestId = frame.requestId();
        return switch (frame.action()) {
            case Action.SendMessage send -> Replies.sendAck(requestId, messages.send(caller.userId(), send));
            case Action.EditMessage edit -> Replies.ack(requestId, messages.edit(caller.userId(), edit));
            case Action.DeleteMessage delete -> Replies.ack(requestId, messages.delete(caller.userId(), delete));
            case Action.React react -> Replies.ack(requestId, messages.react(caller.userId(), react));
            default -> throw new UnknownActionException("unknown action \"" + frame.action().name() + "\"");
        };
    }
}
