package dev.parley.core.service;

import dev.parley.core.store.ObjectStore;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks what arrived in the attachments bucket, whatever the client claimed: a key the server could have chosen, an
 * accepted type, a size within the limit ({@link AttachmentService}'s rules). Anything else is deleted. It needs the
 * bucket and nothing else.
 */
public final class UploadCheckService {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCheckService.class);

    private final ObjectStore objects;

    public UploadCheckService(ObjectStore objects) {
        this.objects = Objects.requireNonNull(objects, "objects");
    }

    /** The verdict on an object that arrived in the bucket: kept, or deleted with the reason. */
    public record Verdict(String key, boolean kept, String reason) {
    }

    public Verdict check(String key) {
        var found = objects.head(key);
        if (found.isEmpty()) {
            return new Verdict(key, false, "gone");
        }
        var reason = AttachmentService.isServerChosenKey(key) ? AttachmentService.rejection(found.get()) : "key not chosen by the server";
        if (reason == null) {
            return new Verdict(key, true, "accepted");
        }
        objects.delete(key);
        LOG.info("deleted an upload: {}", reason);
        return new Verdict(key, false, reason);
    }
}
