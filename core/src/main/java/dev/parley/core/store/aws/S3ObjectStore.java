package dev.parley.core.store.aws;

import dev.parley.core.store.ObjectStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The attachments bucket. Upload URLs sign the content type and the exact length, so S3 refuses any other body;
 * download URLs are short-lived GETs.
 */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3ObjectStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            var head = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public PresignedUpload presignUpload(String key, String contentType, long size, Duration validity) {
        var presigned = presigner.presignPutObject(r -> r.signatureDuration(validity)
                .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).contentLength(size).build()));
        return new PresignedUpload(uri(presigned.url()), "PUT", Map.of("Content-Type", contentType), presigned.expiration());
    }

    @Override
    public PresignedDownload presignDownload(String key, Duration validity) {
        var presigned = presigner.presignGetObject(r -> r.signatureDuration(validity)
                .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key).build()));
        return new PresignedDownload(uri(presigned.url()), presigned.expiration());
    }

    @Override
    public void copy(String sourceKey, String targetKey) {
        s3.copyObject(CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(sourceKey)
                .destinationBucket(bucket).destinationKey(targetKey).build());
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    }

    private static URI uri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the presigner made a URL that is not a URI", e);
        }
    }
}
