package dev.parley.core.store;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The attachments bucket. */
public interface ObjectStore {

    record ObjectInfo(String key, long size, String contentType) {
    }

    record PresignedUpload(URI url, String method, Map<String, String> headers, Instant expiresAt) {
        public PresignedUpload {
            headers = Map.copyOf(headers);
        }
    }

    record PresignedDownload(URI url, Instant expiresAt) {
    }

    Optional<ObjectInfo> head(String key);

    PresignedUpload presignUpload(String key, String contentType, long size, Duration validity);

    PresignedDownload presignDownload(String key, Duration validity);

    /** Copies an object within the bucket, replacing whatever the target held. */
    void copy(String sourceKey, String targetKey);

    void delete(String key);
}
