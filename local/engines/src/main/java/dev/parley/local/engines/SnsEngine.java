package dev.parley.local.engines;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.local.engines.internal.ElasticMqQueues;
import dev.parley.local.engines.internal.Loopback;
import dev.parley.local.engines.internal.sns.QueryRequest;
import dev.parley.local.engines.internal.sns.SnsException;
import dev.parley.local.engines.internal.sns.SnsService;
import dev.parley.local.engines.internal.sns.XmlResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's own SNS on loopback, speaking the AWS query protocol (form-encoded requests, XML responses) that the SDK v2
 * {@code SnsClient} uses; delivers to ElasticMQ queues and, through a {@link LambdaInvoker}, to functions.
 */
public final class SnsEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnsEngine.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final SnsService service;
    private final URI url;

    private SnsEngine(HttpServer server, ExecutorService executor, SnsService service, URI url) {
        this.server = server;
        this.executor = executor;
        this.service = service;
        this.url = url;
    }

    static SnsEngine start(int port, String region, String accountId, ElasticMqQueues queues) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, port), 0);
        URI url = Loopback.url(server.getAddress().getPort());
        SnsService service = new SnsService(region, accountId, url, queues);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(service, exchange));
        server.start();
        return new SnsEngine(server, executor, service, url);
    }

    private static void handle(SnsService service, HttpExchange exchange) throws IOException {
        try (exchange) {
            String form;
            try (InputStream body = exchange.getRequestBody()) {
                form = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (form.isBlank() && exchange.getRequestURI().getRawQuery() != null) {
                form = exchange.getRequestURI().getRawQuery();
            }
            int status = 200;
            String xml;
            try {
                xml = service.handle(QueryRequest.parse(form));
            } catch (SnsException e) {
                status = e.status();
                xml = XmlResponse.error(e);
            } catch (RuntimeException e) {
                LOG.warn("SNS failed on a request", e);
                SnsException error = new SnsException("InternalError", 500, "Internal error: " + e);
                status = error.status();
                xml = XmlResponse.error(error);
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    public URI url() {
        return url;
    }

    /** Where {@code lambda} subscriptions deliver; without one, deliveries to functions are dropped with a warning. */
    public void setLambdaInvoker(LambdaInvoker invoker) {
        service.setLambdaInvoker(invoker);
    }

    /** Counts requests, publishes and deliveries into {@code counts} from now on; {@code null} stops counting. */
    public void setCounts(RequestCounts counts) {
        service.setCounts(counts);
    }

    /** Everything published to a topic or to a platform endpoint, oldest first. */
    public List<PublishedMessage> published(String topicOrEndpointArn) {
        return service.published(topicOrEndpointArn);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        service.close();
    }
}
