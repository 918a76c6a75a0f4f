package dev.parley.local.counting;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.local.engines.RequestCounts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on loopback in front of an engine that speaks an AWS JSON protocol (DynamoDB Local, ElasticMQ):
 * forwards every request unchanged but for what its {@link Meter} prepares, and counts it by operation
 * ({@code X-Amz-Target}, or the query protocol's {@code Action}) under {@code <service>.requests.<operation>}, failures
 * under {@code <service>.errors.<operation>}. Runs only when Parley Local counts requests.
 */
final class CountingProxy implements AutoCloseable {

    /** What a service adds to plain request counting. */
    interface Meter {
        /** The body to forward; the default forwards it as it came. */
        default byte[] prepare(String operation, byte[] body) {
            return body;
        }

        /** Counts what the exchange consumed. */
        void measure(String operation, int status, byte[] request, byte[] response);
    }

    /** Connection-level headers, and what the HTTP client sets itself; Accept-Encoding is dropped so responses can be read. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "accept-encoding");

    private final String service;
    private final URI target;
    private final RequestCounts counts;
    private final Meter meter;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    CountingProxy(String service, URI target, RequestCounts counts, Meter meter) throws IOException {
        this.service = service;
        this.target = target;
        this.counts = counts;
        this.meter = meter;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(executor)
                .build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = exchange.getRequestBody().readAllBytes();
            var operation = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            var forwarded = prepared(operation, body);
            var request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), forwarded.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(forwarded));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                counts.increment(service + ".errors." + operation);
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            counts.increment(service + ".requests." + operation);
            if (response.statusCode() >= 400) {
                counts.increment(service + ".errors." + operation);
            }
            try {
                meter.measure(operation, response.statusCode(), forwarded, response.body());
            } catch (RuntimeException e) {
                counts.increment(service + ".unmeasured." + operation);
            }
            response.headers().map().forEach((name, values) -> {
                var lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            var bytes = response.body();
            exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private byte[] prepared(String operation, byte[] body) {
        try {
            return meter.prepare(operation, body);
        } catch (RuntimeException e) {
            counts.increment(service + ".unmeasured." + operation);
            return body;
        }
    }

    /** {@code DynamoDB_20120810.PutItem} gives {@code PutItem}; a form body's {@code Action=SendMessage} gives {@code SendMessage}. */
    static String operation(String amzTarget, byte[] body) {
        if (amzTarget != null && !amzTarget.isEmpty()) {
            return amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
        }
        for (var pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "unknown";
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
        executor.shutdownNow();
    }
}
