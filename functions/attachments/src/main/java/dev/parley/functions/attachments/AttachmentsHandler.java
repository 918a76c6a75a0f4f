package dev.parley.functions.attachments;

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
import dev.parley.core.service.AttachmentService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/** {@code requestUpload} and {@code getAttachmentUrl}: pre-signed URLs for members. */
public final class AttachmentsHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final Set<String> ACTIONS = Set.of("requestUpload", "getAttachmentUrl");

    private final AttachmentService attachments;
    private final WebSocketActions actions;

    public AttachmentsHandler() {
        this(wire(AttachmentsConfig.fromEnvironment(), Production.create("attachments")));
    }

    AttachmentsHandler(AttachmentService attachments) {
        this.attachments = Objects.requireNonNull(attachments, "attachments");
        this.actions = new WebSocketActions("attachments", ACTIONS, this::dispatch);
    }

    static AttachmentService wire(AttachmentsConfig config, Production production) {
        return new AttachmentService(production.members(config.membersTable()), production.objects(config.attachmentsBucket()),
                new RateLimiter(production.throttles(config.throttlesTable()), Clock.systemUTC()));
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return actions.handle(event, context);
    }

    private String dispatch(Caller caller, Frame frame) {
        return switch (frame.action()) {
            case Action.RequestUpload upload -> Replies.upload(frame.requestId(), attachments.requestUpload(caller.userId(),
                    upload.channelId(), upload.fileName(), upload.contentType(), upload.size()));
            case Action.GetAttachmentUrl download -> Replies.download(frame.requestId(),
                    attachments.downloadUrl(caller.userId(), download.channelId(), download.key()));
            default -> throw new UnknownActionException("unknown action \"" + frame.action().name() + "\"");
        };
    }
}
