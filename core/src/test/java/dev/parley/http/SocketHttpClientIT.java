package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The client against a loopback {@link HttpServer} that records what arrives and answers what a test scripts. */
class SocketHttpClientIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private HttpServer server;
    private ExecutorService serverThreads;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private volatile Handler answer = (exchange, request) -> respond(exchange, 200, new byte[0]);
    private SocketHttpClient client;

    /** What the server saw of one request. */
    record Seen(String method, String rawPath, String rawQuery, Headers headers, byte[] body, int remotePort) {
    }

    /** How the server answers a request it has recorded. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, Seen request) throws Exception;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            try (exchange) {
                var request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), Headers.of(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes(), exchange.getRemoteAddress().getPort());
                seen.add(request);
                answer.handle(exchange, request);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.start();
        client = SocketHttpClient.create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void call_whenPathAndQueryAreEncoded_sendsThemExactlyAsSigned() throws Exception {
        var request = request(SdkHttpMethod.GET, "/bucket/a%2Fb/c%20d%2Be")
                .putRawQueryParameter("prefix", "x y+z/~")
                .putRawQueryParameter("list-type", "2")
                .putRawQueryParameter("flag", List.of(""))
                .build();

        readBody(call(request, null));
        var got = next();
        assertThat(got.method()).isEqualTo("GET");
        assertThat(got.rawPath()).isEqualTo("/bucket/a%2Fb/c%20d%2Be").isEqualTo(request.getUri().getRawPath());
        assertThat(got.rawQuery()).isEqualTo(request.getUri().getRawQuery());
        assertThat(got.rawQuery()).contains("prefix=x%20y%2Bz%2F~").contains("list-type=2");
    }

    @Test
    void call_whenPostingABody_deliversMethodHeadersAndBodyWithTheDeclaredLength() throws Exception {
        var payload = "{\"TableName\":\"Channels\",\"Key\":{\"pk\":{\"S\":\"c#1\"}}}".getBytes(StandardCharsets.UTF_8);
        var request = request(SdkHttpMethod.POST, "/")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .putHeader("X-Amz-Date", "20250101T000000Z")
                .putHeader("Content-Length", String.valueOf(payload.length))
                .putHeader("Host", "ignored.example")
                .putHeader("Expect", "100-continue")
                .build();

        readBody(call(request, payload));
        var got = next();
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.body()).isEqualTo(payload);
        assertThat(got.headers().get("Content-Length")).containsExactly(String.valueOf(payload.length));
        assertThat(got.headers().get("Content-Type")).containsExactly("application/x-amz-json-1.0");
        assertThat(got.headers().get("X-Amz-Target")).containsExactly("DynamoDB_20120810.GetItem");
        assertThat(got.headers().get("X-Amz-Date")).containsExactly("20250101T000000Z");
        assertThat(got.headers().get("Host")).containsExactly("127.0.0.1:" + server.getAddress().getPort());
        assertThat(got.headers().containsKey("Expect")).isFalse();
    }

    @Test
    void call_whenAHeaderHasSeveralValues_sendsAndReturnsEveryValue() throws Exception {
        answer = (exchange, request) -> {
            exchange.getResponseHeaders().add("X-Amz-Meta-Tag", "red");
            exchange.getResponseHeaders().add("X-Amz-Meta-Tag", "blue");
            respond(exchange, 200, new byte[0]);
        };
        var request = request(SdkHttpMethod.GET, "/").putHeader("X-Multi", List.of("one", "two")).build();

        var response = call(request, null);

        readBody(response);
        assertThat(next().headers().get("X-Multi")).containsExactly("one", "two");
        assertThat(response.httpResponse().matchingHeaders("x-amz-meta-tag")).containsExactly("red", "blue");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 404, 500})
    void call_whenServerAnswersAStatus_returnsItWithItsBody(int status) throws Exception {
        var text = "{\"__type\":\"status " + status + "\"}";
        answer = (exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            respond(exchange, status, text.getBytes(StandardCharsets.UTF_8));
        };

        var response = call(request(SdkHttpMethod.GET, "/status").build(), null);

        assertThat(response.httpResponse().statusCode()).isEqualTo(status);
        assertThat(response.httpResponse().firstMatchingHeader("content-type")).contains("application/x-amz-json-1.0");
        assertThat(new String(readBody(response), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204})
    void call_whenResponseHasNoBody_returnsAnEmptyStream(int status) throws Exception {
        answer = (exchange, request) -> exchange.sendResponseHeaders(status, -1);

        var response = call(request(SdkHttpMethod.DELETE, "/object").build(), null);

        assertThat(response.httpResponse().statusCode()).isEqualTo(status);
        assertThat(readBody(response)).isEmpty();
    }

    @Test
    void call_whenPuttingAnEmptyBody_sendsContentLengthZero() throws Exception {
        var request = request(SdkHttpMethod.PUT, "/bucket/empty").putHeader("Content-Length", "0").build();

        readBody(call(request, new byte[0]));
        var got = next();
        assertThat(got.headers().get("Content-Length")).containsExactly("0");
        assertThat(got.body()).isEmpty();
    }

    @Test
    void call_whenBodiesAreOneMegabyte_sendsAndReceivesThemWhole() throws Exception {
        var payload = new byte[1024 * 1024];
        new Random(7).nextBytes(payload);
        answer = (exchange, request) -> respond(exchange, 200, request.body());
        var request = request(SdkHttpMethod.PUT, "/bucket/large").putHeader("Content-Length", String.valueOf(payload.length)).build();

        var response = call(request, payload);

        assertThat(readBody(response)).isEqualTo(payload);
        var got = next();
        assertThat(got.headers().get("Content-Length")).containsExactly(String.valueOf(payload.length));
        assertThat(got.body()).isEqualTo(payload);
    }

    @Test
    void call_whenLengthIsNotDeclared_sendsTheBodyChunked() throws Exception {
        var payload = "streamed".getBytes(StandardCharsets.UTF_8);
        var request = request(SdkHttpMethod.POST, "/stream").putHeader("Transfer-Encoding", "chunked").build();

        readBody(call(request, payload));
        var got = next();
        assertThat(got.body()).isEqualTo(payload);
        assertThat(got.headers().get("Transfer-Encoding")).containsExactly("chunked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "longer than declared"})
    void call_whenBodyLengthDiffersFromTheDeclaredOne_fails(String body) {
        var request = request(SdkHttpMethod.POST, "/").putHeader("Content-Length", "10").build();

        assertThatThrownBy(() -> call(request, body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    @Test
    void call_whenCalledOneAfterAnother_reusesOneConnection() throws Exception {
        answer = (exchange, request) -> respond(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        var ports = new HashSet<Integer>();

        for (int i = 0; i < 5; i++) {
            var request = request(SdkHttpMethod.POST, "/").putHeader("Content-Length", "2").build();
            readBody(call(request, "{}".getBytes(StandardCharsets.UTF_8)));
            ports.add(next().remotePort());
        }

        assertThat(ports).hasSize(1);
    }

    @Test
    void call_whenTheKeptConnectionIdledPastItsTimeout_opensANewOne() throws Exception {
        answer = (exchange, request) -> respond(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        try (var forgetful = SocketHttpClient.builder().idleTimeout(Duration.ofMillis(1)).build()) {
            var ports = new HashSet<Integer>();
            for (int i = 0; i < 2; i++) {
                readBody(forgetful.prepareRequest(execute(request(SdkHttpMethod.GET, "/").build(), null)).call());
                ports.add(next().remotePort());
                Thread.sleep(20);
            }

            assertThat(ports).hasSize(2);
        }
    }

    @Test
    void call_whenTheServerClosedTheKeptConnection_sendsTheRequestAgainOnANewOne() throws Exception {
        var requests = new AtomicInteger();
        // The server socket closes first, which ends the accepting task the executor then waits for.
        try (var serving = Executors.newVirtualThreadPerTaskExecutor();
             var closer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Answers one request per connection with a kept-alive response, then closes the connection unannounced.
            serving.submit(() -> {
                while (!closer.isClosed()) {
                    try (var socket = closer.accept()) {
                        var in = socket.getInputStream();
                        var head = new StringBuilder();
                        while (!head.toString().endsWith("\r\n\r\n")) {
                            head.append((char) in.read());
                        }
                        requests.incrementAndGet();
                        var response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                        socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                }
                return null;
            });
            var request = SdkHttpRequest.builder().protocol("http").host("127.0.0.1").port(closer.getLocalPort()).encodedPath("/")
                    .method(SdkHttpMethod.GET).build();

            var first = readBody(client.prepareRequest(execute(request, null)).call());
            Thread.sleep(100);
            var second = readBody(client.prepareRequest(execute(request, null)).call());

            assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("ok");
            assertThat(new String(second, StandardCharsets.US_ASCII)).isEqualTo("ok");
            assertThat(requests).hasValue(2);
        }
    }

    @Test
    void closeIdleConnections_whenAConnectionIsKept_closesItAndTheNextCallOpensAnother() throws Exception {
        answer = (exchange, request) -> respond(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        readBody(call(request(SdkHttpMethod.GET, "/").build(), null));
        var firstPort = next().remotePort();
        assertThat(client.idleConnections()).isEqualTo(1);

        client.closeIdleConnections();
        readBody(call(request(SdkHttpMethod.GET, "/").build(), null));

        assertThat(next().remotePort()).isNotEqualTo(firstPort);
    }

    @Test
    void call_whenTheResponseSaysConnectionClose_keepsNoConnection() throws Exception {
        answer = (exchange, request) -> {
            exchange.getResponseHeaders().add("Connection", "close");
            respond(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        };

        readBody(call(request(SdkHttpMethod.GET, "/").build(), null));

        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void close_whenResponseBodyIsNotReadToItsEnd_keepsNoConnection() throws Exception {
        answer = (exchange, request) -> respond(exchange, 200, "{\"long\":\"enough\"}".getBytes(StandardCharsets.UTF_8));

        var response = call(request(SdkHttpMethod.GET, "/").build(), null);
        var stream = response.responseBody().orElseThrow();
        assertThat(stream.read()).isEqualTo('{');
        stream.close();

        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void abort_whenWaitingForTheResponse_failsTheCall() throws Exception {
        var release = new CountDownLatch(1);
        answer = (exchange, request) -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            respond(exchange, 200, new byte[0]);
        };
        var executable = client.prepareRequest(execute(request(SdkHttpMethod.GET, "/slow").build(), null));

        try (var caller = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpExecuteResponse> result = caller.submit(executable::call);
            next();
            executable.abort();

            assertThatThrownBy(() -> result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            release.countDown();
        }
    }

    @Test
    void abort_whenReadingTheBody_closesTheStream() throws Exception {
        var release = new CountDownLatch(1);
        answer = (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("first part".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        };
        var executable = client.prepareRequest(execute(request(SdkHttpMethod.GET, "/partial").build(), null));

        var response = executable.call();
        var stream = response.responseBody().orElseThrow();
        assertThat(stream.read()).isEqualTo('f');
        executable.abort();

        assertThatThrownBy(stream::readAllBytes).isInstanceOf(IOException.class);
        release.countDown();
    }

    @Test
    void abort_beforeCall_failsWithoutSending() {
        var executable = client.prepareRequest(execute(request(SdkHttpMethod.GET, "/").build(), null));
        executable.abort();

        assertThatThrownBy(executable::call).isInstanceOf(IOException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void call_whenServerIsSilentPastTheRequestTimeout_failsWithTimeout() {
        var release = new CountDownLatch(1);
        answer = (exchange, request) -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            respond(exchange, 200, new byte[0]);
        };
        try (var impatient = SocketHttpClient.builder().requestTimeout(Duration.ofMillis(200)).build()) {
            var executable = impatient.prepareRequest(execute(request(SdkHttpMethod.GET, "/slow").build(), null));

            assertThatThrownBy(executable::call).isInstanceOf(SocketTimeoutException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void call_whenNothingListens_failsToConnect() throws Exception {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        var request = SdkHttpRequest.builder().protocol("http").host("127.0.0.1").port(port).encodedPath("/")
                .method(SdkHttpMethod.GET).build();

        assertThatThrownBy(() -> client.prepareRequest(execute(request, null)).call()).isInstanceOf(ConnectException.class);
    }

    @Test
    void call_whenCallerIsInterrupted_failsAndKeepsTheInterrupt() throws Exception {
        var release = new CountDownLatch(1);
        answer = (exchange, request) -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            respond(exchange, 200, new byte[0]);
        };
        var outcome = new ArrayList<Object>();
        var caller = Thread.ofVirtual().start(() -> {
            try {
                client.prepareRequest(execute(request(SdkHttpMethod.GET, "/slow").build(), null)).call();
            } catch (IOException e) {
                outcome.add(e);
                outcome.add(Thread.currentThread().isInterrupted());
            }
        });
        next();
        caller.interrupt();
        caller.join(WAIT);
        release.countDown();

        assertThat(outcome).hasSize(2);
        assertThat(outcome.get(0)).isInstanceOf(InterruptedIOException.class);
        assertThat(outcome.get(1)).isEqualTo(true);
    }

    @Test
    void sdkClient_whenTheConnectionDropsOnce_retriesAndSucceeds() {
        var attempts = new AtomicInteger();
        answer = (exchange, request) -> {
            if (attempts.incrementAndGet() == 1) {
                exchange.getResponseBody().close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            respond(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        };
        try (var dynamoDb = dynamoDb(ClientOverrideConfiguration.builder().build())) {
            var response = dynamoDb.getItem(r -> r.tableName("Channels").key(Map.of("pk", AttributeValue.fromS("c#1"))));

            assertThat(response.hasItem()).isFalse();
            assertThat(attempts).hasValue(2);
        }
    }

    @Test
    void sdkClient_whenAnAttemptOutlastsItsTimeout_failsWithTheSdkTimeout() {
        var release = new CountDownLatch(1);
        answer = (exchange, request) -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            respond(exchange, 200, new byte[0]);
        };
        var timeouts = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofMillis(300))
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
        try (var dynamoDb = dynamoDb(timeouts)) {
            assertThatThrownBy(() -> dynamoDb.getItem(r -> r.tableName("Channels").key(Map.of("pk", AttributeValue.fromS("c#1")))))
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            release.countDown();
        }
    }

    @Test
    void clientName_isParleySocketHttp() {
        assertThat(client.clientName()).isEqualTo("ParleySocketHttp");
    }

    private DynamoDbClient dynamoDb(ClientOverrideConfiguration configuration) {
        return DynamoDbClient.builder()
                .httpClient(client)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("parleytest", "secret")))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .overrideConfiguration(configuration)
                .build();
    }

    private SdkHttpRequest.Builder request(SdkHttpMethod method, String encodedPath) {
        return SdkHttpRequest.builder().protocol("http").host("127.0.0.1").port(server.getAddress().getPort())
                .encodedPath(encodedPath).method(method);
    }

    private static HttpExecuteRequest execute(SdkHttpRequest request, byte[] body) {
        var execute = HttpExecuteRequest.builder().request(request);
        if (body != null) {
            execute.contentStreamProvider(ContentStreamProvider.fromByteArray(body));
        }
        return execute.build();
    }

    private HttpExecuteResponse call(SdkHttpRequest request, byte[] body) throws IOException {
        return client.prepareRequest(execute(request, body)).call();
    }

    private static byte[] readBody(HttpExecuteResponse response) throws IOException {
        try (var stream = response.responseBody().orElseThrow()) {
            return stream.readAllBytes();
        }
    }

    private Seen next() throws InterruptedException {
        var got = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).as("a request reached the server").isNotNull();
        return got;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
