package dev.parley.core.store.aws;

import dev.parley.core.store.ConnectionNotifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * Posts to connections through the API's {@code @connections} endpoint: one SigV4-signed HTTP request per post on a
 * kept-alive JDK client. Fan-out makes one post per connection per event, so this path skips the SDK's generic
 * request pipeline (endpoint rules, interceptors, retry bookkeeping), which costs more CPU than the post itself;
 * {@link dev.parley.core.service.FanoutService} does its own retries.
 */
public final class ApiGatewayConnectionNotifier implements ConnectionNotifier, AutoCloseable {

    /** An answer of the management API that is neither success, gone nor worth retrying (a wrong role, a bad id). */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private static final String SERVICE = "execute-api";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Set<String> UNSETTABLE_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public ApiGatewayConnectionNotifier(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public Delivery post(String connectionId, byte[] data) {
        int status;
        try {
            status = send(SdkHttpMethod.POST, connectionId, data).statusCode();
        } catch (IOException e) {
            return new Delivery.Retry("no answer from @connections", e);
        }
        if (status >= 200 && status < 300) {
            return Delivery.DELIVERED;
        }
        if (status == 410) {
            return Delivery.GONE;
        }
        if (status == 429 || status >= 500) {
            return new Delivery.Retry("@connections answered " + status, null);
        }
        throw new RefusedException("@connections answered " + status + " to a post");
    }

    @Override
    public boolean isConnected(String connectionId) {
        int status;
        try {
            status = send(SdkHttpMethod.GET, connectionId, null).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("@connections did not answer", e);
        }
        if (status == 410) {
            return false;
        }
        if (status >= 200 && status < 300) {
            return true;
        }
        throw new RefusedException("@connections answered " + status + " to a connection lookup");
    }

    @Override
    public void close(String connectionId) {
        int status;
        try {
            status = send(SdkHttpMethod.DELETE, connectionId, null).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("@connections did not answer", e);
        }
        if (status != 410 && (status < 200 || status >= 300)) {
            throw new RefusedException("@connections answered " + status + " to closing a connection");
        }
    }

    private HttpResponse<Void> send(SdkHttpMethod method, String connectionId, byte[] body) throws IOException {
        var uri = URI.create(endpoint.toString().replaceAll("/+$", "") + "/@connections/"
                + URLEncoder.encode(connectionId, StandardCharsets.UTF_8));
        var unsigned = SdkHttpRequest.builder().uri(uri).method(method);
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        var signed = signer.sign(r -> r.identity(credentials.resolveCredentials()).request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        var request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!UNSETTABLE_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to a connection", e);
        }
    }

    /** Stops the HTTP client and its selector thread; posts in flight are abandoned. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
