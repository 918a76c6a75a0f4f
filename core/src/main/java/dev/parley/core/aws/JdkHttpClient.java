package dev.parley.core.aws;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The SDK's synchronous HTTP client contract on the JDK's own {@link HttpClient}: HTTP/1.1 over pooled keep-alive
 * connections, no dependency beyond the JDK.
 *
 * <p>It replaces the SDK's URLConnection client, which took two to three times as long for a small DynamoDB call over a
 * kept-alive loopback connection (a median of about 2 ms against 0.7 ms); the SDK's Apache and Netty clients stay out of
 * the functions altogether (see the enforcer rule in {@code functions/pom.xml}).
 */
public final class JdkHttpClient implements SdkHttpClient {

    public static final String CLIENT_NAME = "JdkHttp";

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Headers the JDK client refuses to take from a caller because it writes them itself from the URI and the body
     * publisher; {@code Transfer-Encoding} is not refused, but would be sent twice next to the JDK's own framing.
     * {@code Expect: 100-continue} is dropped rather than honoured: SigV4 does not sign it, and a server that never
     * answers 100 would hold the request until its timeout.
     */
    private static final Set<String> FRAMED_BY_THE_JDK = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final HttpClient client;
    private final ExecutorService executor;
    private final Duration requestTimeout;

    private JdkHttpClient(HttpClient client, ExecutorService executor, Duration requestTimeout) {
        this.client = client;
        this.executor = executor;
        this.requestTimeout = requestTimeout;
    }

    /** A client with a 2 s connect timeout and a 5 s timeout for the response headers of each request. */
    public static JdkHttpClient create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new Exchange(client, requireNonNull(request, "request"), requestTimeout);
    }

    @Override
    public String clientName() {
        return CLIENT_NAME;
    }

    /**
     * Stops the client, giving requests in flight a moment to finish: {@link HttpClient#close()} alone would wait for
     * every response body that a caller never closed.
     */
    @Override
    public void close() {
        client.shutdown();
        try {
            if (!client.awaitTermination(CLOSE_GRACE)) {
                client.shutdownNow();
            }
        } catch (InterruptedException e) {
            client.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdown();
        }
    }

    /** Settings of a {@link JdkHttpClient}; both timeouts must be positive. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder() {
        }

        /** How long opening a connection may take. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long a request may wait for the response headers once sent; reading the body is bounded by the SDK's
         * {@code apiCallAttemptTimeout}.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        public JdkHttpClient build() {
            // Virtual threads answered as fast as the JDK's default pool of platform workers or faster, for one caller
            // and for 32 concurrent ones, and hold no platform thread between calls. AWS endpoints and the local
            // engines speak HTTP/1.1: pinning it spares every new connection an h2c upgrade attempt.
            var executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jdk-http-", 0).factory());
            var client = HttpClient.newBuilder()
                    .version(Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .followRedirects(Redirect.NEVER)
                    .executor(executor)
                    .build();
            return new JdkHttpClient(client, executor, requestTimeout);
        }

        private static Duration positive(Duration duration, String name) {
            requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }

    /** One request; {@link #abort()} may come from another thread (the SDK's timeouts) at any point. */
    private static final class Exchange implements ExecutableHttpRequest {

        private final HttpClient client;
        private final HttpExecuteRequest request;
        private final Duration timeout;
        private volatile boolean aborted;
        private volatile CompletableFuture<HttpResponse<InputStream>> inFlight;
        private volatile InputStream body;

        private Exchange(HttpClient client, HttpExecuteRequest request, Duration timeout) {
            this.client = client;
            this.request = request;
            this.timeout = timeout;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            var jdkRequest = toJdkRequest(request, timeout);
            if (aborted) {
                throw new IOException("The request was aborted before it was sent");
            }
            var future = client.sendAsync(jdkRequest, BodyHandlers.ofInputStream());
            inFlight = future;
            if (aborted) {
                future.cancel(true);
            }
            var response = await(future);
            body = response.body();
            if (aborted) {
                closeQuietly(body);
            }
            return toSdkResponse(response, this);
        }

        @Override
        public void abort() {
            aborted = true;
            var future = inFlight;
            if (future != null) {
                future.cancel(true);
            }
            closeQuietly(body);
        }

        private static HttpResponse<InputStream> await(CompletableFuture<HttpResponse<InputStream>> future) throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                var interrupted = new InterruptedIOException("Interrupted while waiting for the response");
                interrupted.initCause(e);
                throw interrupted;
            } catch (CancellationException e) {
                throw new IOException("The request was aborted", e);
            } catch (ExecutionException e) {
                throw unwrap(e.getCause());
            }
        }

        /** The SDK retries an {@link IOException}; anything else from the JDK is a bug and stays what it is. */
        private static IOException unwrap(Throwable cause) {
            return switch (cause) {
                case IOException io -> io;
                case UncheckedIOException unchecked -> unchecked.getCause();
                case CancellationException cancelled -> new IOException("The request was aborted", cancelled);
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> new IOException(cause);
            };
        }
    }

    private static HttpRequest toJdkRequest(HttpExecuteRequest execute, Duration timeout) throws IOException {
        SdkHttpRequest sdk = execute.httpRequest();
        // getUri() is the URI exactly as the signer saw it: encoded path and query are passed on, never re-encoded.
        var builder = HttpRequest.newBuilder(sdk.getUri())
                .timeout(timeout)
                .method(sdk.method().name(), body(sdk, execute.contentStreamProvider()));
        sdk.forEachHeader((name, values) -> {
            if (!FRAMED_BY_THE_JDK.contains(name.toLowerCase(Locale.ROOT))) {
                for (var value : values) {
                    builder.header(name, value);
                }
            }
        });
        return builder.build();
    }

    /**
     * The body with the length the SDK declared and possibly signed, so that the {@code Content-Length} the JDK writes
     * is that same number and a stream of another length fails the call; a body without a declared length goes out
     * chunked.
     */
    private static BodyPublisher body(SdkHttpRequest sdk, Optional<ContentStreamProvider> content) throws IOException {
        if (content.isEmpty()) {
            // The JDK still writes "Content-Length: 0" for every method that usually has a body.
            return BodyPublishers.noBody();
        }
        var stream = BodyPublishers.ofInputStream(content.get()::newStream);
        var declared = sdk.firstMatchingHeader("Content-Length");
        if (declared.isEmpty()) {
            return stream;
        }
        long length = parseLength(declared.get());
        return length == 0 ? BodyPublishers.noBody() : BodyPublishers.fromPublisher(stream, length);
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new IOException("Negative Content-Length: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("Unreadable Content-Length: " + value, e);
        }
    }

    private static HttpExecuteResponse toSdkResponse(HttpResponse<InputStream> response, Exchange exchange) {
        var sdkResponse = SdkHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .build();
        return HttpExecuteResponse.builder()
                .response(sdkResponse)
                .responseBody(AbortableInputStream.create(response.body(), exchange::abort))
                .build();
    }

    private static void closeQuietly(InputStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException e) {
            // Closing is how an abort releases the connection; a failure to close leaves nothing else to release.
            return;
        }
    }
}
