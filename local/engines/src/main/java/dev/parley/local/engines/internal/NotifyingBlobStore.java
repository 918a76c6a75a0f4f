package dev.parley.local.engines.internal;

import dev.parley.local.engines.ObjectCreated;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** A blob store that tells its listeners about every object it stored (PUT, copy, multipart completion). */
public final class NotifyingBlobStore extends ForwardingBlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyingBlobStore.class);

    private final List<Consumer<ObjectCreated>> listeners = new CopyOnWriteArrayList<>();

    public NotifyingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    public void addListener(Consumer<ObjectCreated> listener) {
        listeners.add(listener);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        created(request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created(request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(request.bucket(), request.key());
        return response;
    }

    private void created(String bucket, String key) {
        if (listeners.isEmpty()) {
            return;
        }
        HeadObjectResponse head = delegate().blobMetadata(bucket, key);
        ObjectCreated event = new ObjectCreated(bucket, key, head.contentLength() == null ? 0 : head.contentLength(),
                head.contentType(), unquote(head.eTag()));
        for (Consumer<ObjectCreated> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // S3 notifications never fail the upload that caused them.
                LOG.warn("ObjectCreated listener failed for s3://{}/{}", bucket, key, e);
            }
        }
    }

    static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }
}
