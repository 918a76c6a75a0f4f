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

/**
 * Uploads and downloads go straight to S3 through short-lived pre-signed URLs handed to members only; every key is
 * chosen by the server. An upload lands under {@code uploads/{channelId}/{uploaderTag}/{uploadId}/{fileName}}, which
 * names who asked for it and expires unless attached. Sending a message copies it to
 * {@code attachments/{channelId}/{uploaderTag}/{messageId}/{uploadId}/{fileName}}, a key no upload URL can write and
 * that expires with the message's retention.
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
    public static final String UPLOADS_PREFIX = "uploads/";
    public static final String ATTACHMENTS_PREFIX = "attachments/";
    private static final Pattern UPLOAD_KEY = Pattern.compile(
            "uploads/([A-Za-z0-9_-]{1,64})/(u-[a-z0-9]{24})/([a-z0-9]{20})/([A-Za-z0-9._-]{1,100})");
    private static final Pattern ATTACHED_KEY = Pattern.compile(
            "attachments/([A-Za-z0-9_-]{1,64})/(u-[a-z0-9]{24})/(m-[a-z0-9]{20})/([a-z0-9]{20})/([A-Za-z0-9._-]{1,100})");

    private final Membership membership;
    private final ObjectStore objects;
    private final RateLimiter rateLimiter;

    public AttachmentService(MemberStore members, ObjectStore objects, RateLimiter rateLimiter) {
        this.membership = new Membership(Objects.requireNonNull(members, "members"));
        this.objects = Objects.requireNonNull(objects, "objects");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    /** Where the user's uploads to the channel land; only keys under it can be attached by that user. */
    public static String uploadPrefix(String channelId, String userId) {
        return UPLOADS_PREFIX + channelId + "/" + Ids.uploader(userId) + "/";
    }

    /** Where the channel's attached objects live. */
    public static String attachmentPrefix(String channelId) {
        return ATTACHMENTS_PREFIX + channelId + "/";
    }

    /** Whether the key is one of the user's uploads to the channel, as {@link #requestUpload} chose it. */
    public static boolean isUploadOf(String key, String channelId, String userId) {
        return UPLOAD_KEY.matcher(key).matches() && key.startsWith(uploadPrefix(channelId, userId));
    }

    /** Whether the key is an attached object of the channel that the user uploaded. */
    public static boolean isAttachmentOf(String key, String channelId, String userId) {
        return ATTACHED_KEY.matcher(key).matches()
                && key.startsWith(attachmentPrefix(channelId) + Ids.uploader(userId) + "/");
    }

    /** The key an upload is copied to when message {@code messageId} attaches it. */
    public static String attachedKey(String uploadKey, String messageId) {
        var matcher = UPLOAD_KEY.matcher(uploadKey);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an upload key");
        }
        return ATTACHMENTS_PREFIX + matcher.group(1) + "/" + matcher.group(2) + "/" + messageId + "/" + matcher.group(3) + "/"
                + matcher.group(4);
    }

    /** Why an object found in the bucket cannot be kept or attached, or null when it follows the rules. */
    static String rejection(ObjectStore.ObjectInfo info) {
        if (info.size() > MAX_SIZE_BYTES) {
            return "too large";
        }
        if (info.contentType() == null || !ALLOWED_TYPES.contains(normalisedType(info.contentType()))) {
            return "content type not accepted";
        }
        return null;
    }

    public Upload requestUpload(String userId, String channelId, String fileName, String contentType, long size) {
        rateLimiter.acquire(userId, RateLimits.REQUEST_UPLOAD);
        membership.require(channelId, userId);
        if (size > MAX_SIZE_BYTES) {
            throw new TooLargeException("attachments are limited to " + MAX_SIZE_BYTES + " bytes");
        }
        var type = normalisedType(contentType);
        if (!ALLOWED_TYPES.contains(type)) {
            throw new BadRequestException("content type " + type + " is not accepted");
        }
        var key = uploadPrefix(channelId, userId) + Ids.uploadId() + "/" + safeFileName(fileName);
        var presigned = objects.presignUpload(key, type, size, URL_VALIDITY);
        return new Upload(key, presigned.url().toString(), presigned.method(), presigned.headers(), presigned.expiresAt());
    }

    public Download downloadUrl(String userId, String channelId, String key) {
        if (!ATTACHED_KEY.matcher(key).matches() || !key.startsWith(attachmentPrefix(channelId))) {
            throw new ForbiddenException("attachment " + key + " does not belong to channel " + channelId);
        }
        membership.require(channelId, userId);
        if (objects.head(key).isEmpty()) {
            throw new NotFoundException("attachment " + key + " does not exist");
        }
        var presigned = objects.presignDownload(key, URL_VALIDITY);
        return new Download(key, presigned.url().toString(), presigned.expiresAt());
    }

    /** Whether the key is one the server chooses: an upload's or an attached object's. */
    static boolean isServerChosenKey(String key) {
        return UPLOAD_KEY.matcher(key).matches() || ATTACHED_KEY.matcher(key).matches();
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
