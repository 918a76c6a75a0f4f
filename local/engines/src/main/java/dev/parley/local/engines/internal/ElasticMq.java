package dev.parley.local.engines.internal;

import java.net.BindException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.util.NowProvider;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ (SQS) in this JVM, bound to loopback only; queues and messages live in memory. */
public final class ElasticMq implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 5;

    private final ActorSystem actors;
    private final SQSRestServer server;
    private final URI url;
    private final ElasticMqQueues queues;

    private ElasticMq(ActorSystem actors, ActorRef queueManager, SQSRestServer server, URI url) {
        this.actors = actors;
        this.server = server;
        this.url = url;
        this.queues = new ElasticMqQueues(queueManager);
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
        // The actor system and the queue manager are made here, as the builder would make them, so that the queues can
        // be reached in this JVM too (queues()).
        ActorSystem actors = ActorSystem.create("elasticmq");
        ActorRef queueManager;
        SQSRestServer server;
        try {
            queueManager = actors.actorOf(Props.create(QueueManagerActor.class, new NowProvider(), StrictSQSLimits$.MODULE$,
                    scala.Option.empty()));
            server = startServer(actors, queueManager, port, region, accountId);
        } catch (RuntimeException e) {
            terminate(actors);
            throw e;
        }
        return new ElasticMq(actors, queueManager, server, Loopback.url(port));
    }

    private static SQSRestServer startServer(ActorSystem actors, ActorRef queueManager, int port, String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder
                .withActorSystem(actors)
                .withQueueManagerActor(queueManager)
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
        return server;
    }

    private static void terminate(ActorSystem actors) {
        actors.terminate();
        try {
            actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // A stop that takes longer is not waited for.
        }
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

    /** The queues, reached in this JVM. */
    public ElasticMqQueues queues() {
        return queues;
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } finally {
            terminate(actors);
        }
    }
}
