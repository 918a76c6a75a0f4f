package dev.parley.functions.attachments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.parley.core.config.Environment;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.service.UploadCheckService;
import dev.parley.core.wiring.Production;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** S3 {@code ObjectCreated}: checks what was really uploaded and deletes what breaks the rules. */
public final class UploadCheckHandler implements RequestHandler<S3Event, Void> {

    private final UploadCheckService uploads;

    public UploadCheckHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public UploadCheckHandler(Environment environment) {
        this(new UploadCheckService(Production.create("upload-check", environment).objects(UploadCheckConfig.fromEnvironment(environment)
                .attachmentsBucket())));
    }

    UploadCheckHandler(UploadCheckService uploads) {
        this.uploads = Objects.requireNonNull(uploads, "uploads");
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("upload-check");
        try {
            for (var record : event.getRecords()) {
                // S3 event keys are URL-encoded, with '+' for spaces.
                var key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
                var verdict = uploads.check(key);
                metrics.count(verdict.kept() ? "UploadsAccepted" : "UploadsDeleted", 1);
            }
            return null;
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }
}
