package dev.parley.core.store.aws;

import dev.parley.core.aws.SigV4Signer;
import dev.parley.http.SocketHttpClient;
import dev.parley.core.store.ConnectionNotifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Posts to connections through the API's {@code @connections} endpoint: one SigV4-signed HTTP request per post on a
 * kept-alive {@link SocketHttpClient}. Fan-out makes one post per connection per event, so this path skips the SDK's
 * generic request pipeline (endpoint rules, interceptors, retry bookkeeping) and its generic signer, which cost more CPU
 * than the post itself; {@link SigV4Signer} keeps the signing key and the event's payload hash between posts.
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
    private static final byte[] EMPTY = new byte[0];

    private final SdkHttpClient http;
    private final URI endpoint;
    private final int port;
    private final SigV4Signer signer;
    private final String basePath;
    private final String host;
    private final Clock clock = Clock.systemUTC();

    public ApiGatewayConnectionNotifier(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this(endpoint, region, credentials,
                SocketHttpClient.builder().connectTimeout(Duration.ofSeconds(2)).requestTimeout(TIMEOUT).build());
    }

    /** Posts through {@code http}, which it closes when closed. */
    public ApiGatewayConnectionNotifier(URI endpoint, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        this.signer = new SigV4Signer(Objects.requireNonNull(credentials, "credentials"), region.id(), SERVICE);
        var rawPath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.basePath = rawPath.replaceAll("/+$", "");
        var defaultPort = "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
        this.port = endpoint.getPort() < 0 ? defaultPort : endpoint.getPort();
        this.host = port == defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Delivery post(String connectionId, byte[] data) {
        int status;
        try {
            status = send(SdkHttpMethod.POST, connectionId, data);
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
            status = send(SdkHttpMethod.GET, connectionId, null);
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
            status = send(SdkHttpMethod.DELETE, connectionId, null);
        } catch (IOException e) {
            throw new IllegalStateException("@connections did not answer", e);
        }
        if (status != 410 && (status < 200 || status >= 300)) {
            throw new RefusedException("@connections answered " + status + " to closing a connection");
        }
    }

    /** Sends one signed request and answers its status; the body of the answer is read and dropped. */
    private int send(SdkHttpMethod method, String connectionId, byte[] body) throws IOException {
        var path = basePath + "/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8);
        var request = SdkHttpRequest.builder().protocol(endpoint.getScheme()).host(endpoint.getHost()).port(port)
                .encodedPath(path).method(method);
        var toSign = new LinkedHashMap<String, String>();
        toSign.put("Host", host);
        if (body != null) {
            toSign.put("Content-Type", "application/json");
            toSign.put("Content-Length", Integer.toString(body.length));
        }
        toSign.forEach(request::putHeader);
        signer.sign(method.name(), path, toSign, body == null ? EMPTY : body, clock.instant()).forEach(request::putHeader);
        var payload = body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body);
        var response = http.prepareRequest(HttpExecuteRequest.builder().request(request.build()).contentStreamProvider(payload).build())
                .call();
        var answer = response.responseBody();
        if (answer.isPresent()) {
            try (var stream = answer.get()) {
                stream.transferTo(OutputStream.nullOutputStream());
            }
        }
        return response.httpResponse().statusCode();
    }

    /** Closes the connections kept between posts, as before a SnapStart snapshot. */
    public void closeIdleConnections() {
        if (http instanceof SocketHttpClient pooled) {
            pooled.closeIdleConnections();
        }
    }

    /** Closes the kept connections. */
    @Override
    public void close() {
        http.close();
    }
}
