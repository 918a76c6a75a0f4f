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
 * under {@code <service>.errors.<operation>}; and injects the faults of {@code --faults} (an injected answer is not
 * counted: the engine either never saw the request, or carried it out and was counted). Runs only when Parley Local
 * counts requests or injects faults.
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

    /** Decides which requests fail ({@code --faults}); {@code instance} names the function instance that sent it, if known. */
    interface Injector {
        /** The fault to answer instead of the engine's answer, or {@code null} to forward as usual. */
        Fault decide(String operation, String instance, byte[] body);
    }

    /** An injected answer; {@code afterForwarding}: the engine carries the request out first, and its answer is lost. */
    record Fault(int status, String contentType, byte[] body, boolean afterForwarding) {
    }

    /** Counts nothing: a proxy that only injects faults. */
    static final Meter NOTHING = (operation, status, request, response) -> {
    };


    /** Connection-level headers, and what the HTTP client sets itself; Accept-Encoding is dropped so responses can be read. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "accept-encoding");

    private final String service;
    private final URI target;
    private final RequestCounts counts;
    private final Meter meter;
    private final Injector injector;
    private final HttpServer server;
    private final java.util.Map<String, HttpServer> instances = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    CountingProxy(String service, URI target, RequestCounts counts, Meter meter, Injector injector) throws IOException {
        this.injector = injector;
        this.service = service;
        this.target = target;
        this.counts = counts;
        this.meter = meter;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(executor)
                .build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, null));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * A port of its own for one function instance, so that what it sends is known to come from it (the SDK drops the
     * path of an endpoint, so the port is what tells instances apart).
     */
    URI openInstance(String instance) {
        try {
            var own = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            own.setExecutor(executor);
            own.createContext("/", exchange -> handle(exchange, instance));
            own.start();
            instances.put(instance, own);
            return URI.create("http://127.0.0.1:" + own.getAddress().getPort());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void closeInstance(String instance) {
        var own = instances.remove(instance);
        if (own != null) {
            own.stop(0);
        }
    }

    private void handle(HttpExchange exchange, String instance) throws IOException {
        try (exchange) {
            var body = exchange.getRequestBody().readAllBytes();
            var operation = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            var path = exchange.getRequestURI().toString();
            var fault = injector == null ? null : injector.decide(operation, instance, body);
            if (fault != null && !fault.afterForwarding()) {
                answer(exchange, fault);
                return;
            }
            var forwarded = prepared(operation, body);
            var request = HttpRequest.newBuilder(URI.create(target + path))
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
            if (fault != null) {
                answer(exchange, fault);
                return;
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

    private static void answer(HttpExchange exchange, Fault fault) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", fault.contentType());
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(fault.status(), fault.body().length == 0 ? -1 : fault.body().length);
        if (fault.body().length > 0) {
            exchange.getResponseBody().write(fault.body());
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
        instances.keySet().forEach(this::closeInstance);
        server.stop(0);
        client.close();
        executor.shutdownNow();
    }
}
