package dev.parley.local.engines;

import com.sun.net.httpserver.HttpServer;
import dev.parley.local.engines.internal.Loopback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Parley's own SNS on loopback. */
public final class SnsEngine implements AutoCloseable {

    private final HttpServer server;
    private final URI url;
    private volatile LambdaInvoker lambdaInvoker;

    private SnsEngine(HttpServer server) {
        this.server = server;
        this.url = Loopback.url(server.getAddress().getPort());
    }

    static SnsEngine start(int port, String region, String accountId, URI sqsUrl, String accessKeyId, String secretAccessKey)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, port), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code></Error></ErrorResponse>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new SnsEngine(server);
    }

    public URI url() {
        return url;
    }

    /** Where {@code lambda} subscriptions deliver; without one, deliveries to functions are dropped. */
    public void setLambdaInvoker(LambdaInvoker invoker) {
        this.lambdaInvoker = invoker;
    }

    /** Everything published to a topic or to a platform endpoint, oldest first. */
    public List<PublishedMessage> published(String topicOrEndpointArn) {
        return List.of();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
