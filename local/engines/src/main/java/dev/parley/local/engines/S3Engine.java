package dev.parley.local.engines;

import dev.parley.local.engines.internal.Loopback;
import dev.parley.local.engines.internal.NotifyingBlobStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3 on loopback (S3Proxy): SigV4 with the fixed local credentials, pre-signed URLs checked (signature, expiry, signed
 * headers), CORS open to any origin, path-style addressing.
 */
public final class S3Engine implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final S3Proxy proxy;
    private final NotifyingBlobStore store;
    private final URI url;

    private S3Engine(S3Proxy proxy, NotifyingBlobStore store, URI url) {
        this.proxy = proxy;
        this.store = store;
        this.url = url;
    }

    static S3Engine start(Path dataDirectory, int port, String accessKeyId, String secretAccessKey) throws Exception {
        BlobStore backend;
        if (dataDirectory == null) {
            backend = new TransientNio2BlobStore();
        } else {
            Files.createDirectories(dataDirectory);
            backend = new FilesystemNio2BlobStore(dataDirectory.toString());
        }
        NotifyingBlobStore store = new NotifyingBlobStore(backend);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(Loopback.url(port))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKeyId, secretAccessKey)
                .corsRules(new CrossOriginResourceSharing(
                        List.of("*"),
                        List.of("GET", "PUT", "POST", "HEAD", "DELETE"),
                        List.of("*"),
                        List.of("ETag", "x-amz-request-id", "x-amz-version-id"),
                        "false"))
                .ignoreUnknownHeaders(true)
                .jettyMaxThreads(32)
                .stopTimeout(0)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                proxy.stop();
                throw new EngineException("S3 did not start within " + START_TIMEOUT_MILLIS + " ms: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new S3Engine(proxy, store, Loopback.url(proxy.getPort()));
    }

    /** The endpoint, for path-style requests. */
    public URI url() {
        return url;
    }

    /** Calls the listener, on the uploading request's thread, after every object stored by PUT, copy or multipart completion. */
    public void addObjectCreatedListener(Consumer<ObjectCreated> listener) {
        store.addListener(listener);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
