package dev.parley.functions.attachments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.parley.core.observability.Metrics;
import dev.parley.core.service.AttachmentService;
import dev.parley.core.wiring.Production;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** S3 {@code ObjectCreated}: checks what was really uploaded and deletes what breaks the rules. */
public final class UploadCheckHandler implements RequestHandler<S3Event, Void> {

    private final AttachmentService attachments;

    public UploadCheckHandler() {
        this(AttachmentsHandler.wire(AttachmentsConfig.fromEnvironment(), Production.create("upload-check")));
    }

    UploadCheckHandler(AttachmentService attachments) {
        this.attachments = Objects.requireNonNull(attachments, "attachments");
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        var metrics = Metrics.forFunction("upload-check");
        try {
            for (var record : event.getRecords()) {
                // S3 event keys are URL-encoded, with '+' for spaces.
                var key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
                var verdict = attachments.checkUpload(key);
                metrics.count(verdict.kept() ? "UploadsAccepted" : "UploadsDeleted", 1);
            }
            return null;
        } finally {
            metrics.flush();
        }
    }
}
