package dev.parley.local.engines.internal;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ (SQS) in this JVM, bound to loopback only; queues and messages live in memory. */
public final class ElasticMq implements AutoCloseable {

    private final SQSRestServer server;
    private final URI url;

    private ElasticMq(SQSRestServer server, URI url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts ElasticMQ.
     *
     * @param port      the port, 0 for any free one
     * @param region    the region in queue ARNs
     * @param accountId the account in queue URLs and ARNs
     */
    public static ElasticMq start(int port, String region, String accountId) {
        int chosen = port == 0 ? Loopback.freePort() : port;
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(Loopback.ADDRESS)
                .withPort(chosen)
                .withServerAddress(NodeAddress.apply("http", Loopback.ADDRESS, chosen, ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        server.waitUntilStarted();
        return new ElasticMq(server, Loopback.url(chosen));
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
