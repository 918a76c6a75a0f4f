package dev.parley.core.service;

import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.TooLargeException;
import dev.parley.core.service.Results.Download;
import dev.parley.core.service.Results.Upload;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.ObjectStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments live under {@code attachments/{channelId}/{uploadId}/{fileName}}, a key the server chooses. Uploads
 * and downloads go straight to S3 through short-lived pre-signed URLs handed to members only.
 */
public final class AttachmentService {

    public static final long MAX_SIZE_BYTES = 25L * 1024 * 1024;
    public static final Duration URL_VALIDITY = Duration.ofMinutes(5);
    public static final Set<String> ALLOWED_TYPES = Set.of(
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/heic",
            "application/pdf", "text/plain", "text/csv", "text/markdown", "application/json", "application/zip",
            "audio/mpeg", "audio/ogg", "audio/mp4", "audio/webm", "video/mp4", "video/webm", "video/quicktime",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    private static final Pattern KEY = Pattern.compile("attachments/([A-Za-z0-9_-]{1,64})/([a-z0-9]{20})/([A-Za-z0-9._-]{1,100})");
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentService.class);

    private final Membership membership;
    private final ObjectStore objects;
    private final RateLimiter rateLimiter;

    public AttachmentService(MemberStore members, ObjectStore objects, RateLimiter rateLimiter) {
        this.membership = new Membership(Objects.requireNonNull(members, "members"));
        this.objects = Objects.requireNonNull(objects, "objects");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    public static String channelPrefix(String channelId) {
        return "attachments/" + channelId + "/";
    }

    public Upload requestUpload(String userId, String channelId, String fileName, String contentType, long size) {
        membership.require(channelId, userId);
        if (size > MAX_SIZE_BYTES) {
            throw new TooLargeException("attachments are limited to " + MAX_SIZE_BYTES + " bytes");
        }
        var type = normalisedType(contentType);
        if (!ALLOWED_TYPES.contains(type)) {
            throw new BadRequestException("content type " + type + " is not accepted");
        }
        rateLimiter.acquire(userId);
        var key = channelPrefix(channelId) + Ids.uploadId() + "/" + safeFileName(fileName);
        var presigned = objects.presignUpload(key, type, size, URL_VALIDITY);
        return new Upload(key, presigned.url().toString(), presigned.method(), presigned.headers(), presigned.expiresAt());
    }

    public Download downloadUrl(String userId, String channelId, String key) {
        if (!KEY.matcher(key).matches() || !key.startsWith(channelPrefix(channelId))) {
            throw new ForbiddenException("attachment " + key + " does not belong to channel " + channelId);
        }
        membership.require(channelId, userId);
        if (objects.head(key).isEmpty()) {
            throw new NotFoundException("attachment " + key + " does not exist");
        }
        var presigned = objects.presignDownload(key, URL_VALIDITY);
        return new Download(key, presigned.url().toString(), presigned.expiresAt());
    }

    /** The verdict on an object that arrived in the bucket: kept, or deleted with the reason. */
    public record UploadVerdict(String key, boolean kept, String reason) {
    }

    /**
     * Checks what was uploaded, whatever the client claimed: a key the server could have chosen, an accepted
     * type, a size within the limit. Anything else is deleted.
     */
    public UploadVerdict checkUpload(String key) {
        var found = objects.head(key);
        if (found.isEmpty()) {
            return new UploadVerdict(key, false, "gone");
        }
        var info = found.get();
        String reason = null;
        if (!KEY.matcher(key).matches()) {
            reason = "key not chosen by the server";
        } else if (info.size() > MAX_SIZE_BYTES) {
            reason = "too large";
        } else if (info.contentType() == null || !ALLOWED_TYPES.contains(normalisedType(info.contentType()))) {
            reason = "content type not accepted";
        }
        if (reason == null) {
            return new UploadVerdict(key, true, "accepted");
        }
        objects.delete(key);
        LOG.info("deleted an upload: {}", reason);
        return new UploadVerdict(key, false, reason);
    }

    static String safeFileName(String fileName) {
        var base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        var safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        if (safe.isEmpty()) {
            safe = "file";
        }
        if (safe.length() > 100) {
            var dot = safe.lastIndexOf('.');
            var extension = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
            safe = safe.substring(0, 100 - extension.length()) + extension;
        }
        return safe;
    }

    private static String normalisedType(String contentType) {
        var semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).strip().toLowerCase(Locale.ROOT);
    }
}
