package dev.parley.local.engines.internal;

import java.net.BindException;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ (SQS) in this JVM, bound to loopback only; queues and messages live in memory. */
public final class ElasticMq implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 5;

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
        if (port != 0) {
            return startOn(port, region, accountId);
        }
        // A port found free can be taken by another socket before ElasticMQ binds it (its actor system starts first).
        RuntimeException bindFailure = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                return startOn(Loopback.freePort(), region, accountId);
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                bindFailure = e;
            }
        }
        throw bindFailure;
    }

    private static ElasticMq startOn(int port, String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(Loopback.ADDRESS)
                .withPort(port)
                .withServerAddress(NodeAddress.apply("http", Loopback.ADDRESS, port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        try {
            server.waitUntilStarted();
        } catch (RuntimeException e) {
            try {
                server.stopAndWait();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return new ElasticMq(server, Loopback.url(port));
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
