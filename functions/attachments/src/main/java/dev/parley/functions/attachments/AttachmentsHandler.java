package dev.parley.functions.attachments;

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
import dev.parley.core.service.AttachmentService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/** {@code requestUpload} and {@code getAttachmentUrl}: pre-signed URLs for members. */
public final class AttachmentsHandler implements RequestStreamHandler {

    private final AttachmentService attachments;
    private final WebSocketActions<Action.ServedByAttachments> actions;

    public AttachmentsHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public AttachmentsHandler(Environment environment) {
        this(wire(AttachmentsConfig.fromEnvironment(environment), Production.create("attachments", environment)));
        Priming.rehearse("attachments", () -> rehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function's main route: its invocation on a sample event, wired to clients that
     * answer in the JVM (see {@link Priming#rehearse}).
     */
    static Priming.Step rehearsal(Environment environment) {
        return Rehearsal.action(
                () -> new AttachmentsHandler(wire(AttachmentsConfig.fromEnvironment(environment), Production.rehearsal(environment))),
                Json.object().put("action", "requestUpload").put("requestId", "rehearsal").put("channelId", RehearsalWorld.CHANNEL_ID)
                        .put("fileName", "rehearsal.txt").put("contentType", "text/plain").put("size", 9),
                Rehearsal.answeredWith("upload"));
    }

    AttachmentsHandler(AttachmentService attachments) {
        this.attachments = Objects.requireNonNull(attachments, "attachments");
        this.actions = new WebSocketActions<>("attachments", Action.ServedByAttachments.class, this::dispatch);
    }

    private static AttachmentService wire(AttachmentsConfig config, Production production) {
        return new AttachmentService(production.members(config.membersTable()), production.objects(config.attachmentsBucket()),
                new RateLimiter(production.throttles(config.throttlesTable()), Clock.systemUTC(), config.rateLimits()));
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

    private String dispatch(Caller caller, String requestId, Action.ServedByAttachments action) {
        return switch (action) {
            case Action.RequestUpload upload -> Replies.upload(requestId, attachments.requestUpload(caller.userId(),
                    upload.channelId(), upload.fileName(), upload.contentType(), upload.size()));
            case Action.GetAttachmentUrl download -> Replies.download(requestId,
                    attachments.downloadUrl(caller.userId(), download.channelId(), download.key()));
        };
    }
}
