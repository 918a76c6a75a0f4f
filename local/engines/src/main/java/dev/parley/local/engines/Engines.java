package dev.parley.local.engines;

import dev.parley.local.engines.internal.DynamoDbLocal;
import dev.parley.local.engines.internal.ElasticMq;
import dev.parley.local.engines.internal.QuietLogging;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * The AWS engines Parley runs on, embedded and bound to 127.0.0.1: DynamoDB Local, ElasticMQ (SQS), S3Proxy (S3) and
 * Parley's own SNS. Used by every integration test ({@link #shared()}) and by Parley Local ({@link #start(EngineOptions)}).
 */
public final class Engines implements AutoCloseable {

    /** The region, account and access key of every engine: fixed, so that what depends on them need not wait for a start. */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** Letters and digits only: DynamoDB Local refuses any other access key id. */
    public static final String ACCESS_KEY_ID = "parleylocal";
    private static final String SECRET_ACCESS_KEY = "parley-local-secret";

    private static final Object SHARED_LOCK = new Object();
    private static Engines shared;

    static {
        QuietLogging.apply();
    }

    private final DynamoDbLocal dynamoDb;
    private final ElasticMq sqs;
    private final S3Engine s3;
    private final SnsEngine sns;
    private final boolean sharedInstance;
    private boolean closed;

    private Engines(DynamoDbLocal dynamoDb, ElasticMq sqs, S3Engine s3, SnsEngine sns, boolean sharedInstance) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        this.sns = sns;
        this.sharedInstance = sharedInstance;
    }

    /**
     * Starts the four engines on loopback, in parallel.
     *
     * @throws EngineException when one does not start; the others are stopped again
     */
    public static Engines start(EngineOptions options) {
        return start(options, false);
    }

    /** The engines of this JVM, in memory on free ports: started on first use, stopped by a shutdown hook. {@link #close()} is ignored. */
    public static Engines shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                Engines engines = start(EngineOptions.ephemeral(), true);
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("parley-engines-shutdown").unstarted(engines::stop));
                shared = engines;
            }
            return shared;
        }
    }

    private static Engines start(EngineOptions options, boolean sharedInstance) {
        Path data = options.dataDirectory();
        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        ThreadFactory threads = Thread.ofPlatform().name("parley-engines-start-", 0).factory();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(threads)) {
            Future<DynamoDbLocal> dynamoDb = executor.submit(track(started,
                    () -> DynamoDbLocal.start(data == null ? null : data.resolve("dynamodb"), options.dynamoDbPort())));
            Future<ElasticMq> sqs = executor.submit(track(started, () -> ElasticMq.start(options.sqsPort(), REGION, ACCOUNT_ID)));
            Future<S3Engine> s3 = executor.submit(track(started,
                    () -> S3Engine.start(data == null ? null : data.resolve("s3"), options.s3Port(), ACCESS_KEY_ID, SECRET_ACCESS_KEY)));
            ElasticMq startedSqs = await("SQS", sqs);
            Future<SnsEngine> sns = executor.submit(track(started,
                    () -> SnsEngine.start(options.snsPort(), REGION, ACCOUNT_ID, startedSqs.queues())));
            return new Engines(await("DynamoDB", dynamoDb), startedSqs, await("S3", s3), await("SNS", sns), sharedInstance);
        } catch (RuntimeException e) {
            stopAll(started, e);
            throw e;
        }
    }

    private static <T extends AutoCloseable> Callable<T> track(List<AutoCloseable> started, Callable<T> start) {
        return () -> {
            T engine = start.call();
            started.add(engine);
            return engine;
        };
    }

    private static <T> T await(String engine, Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new EngineException(engine + " did not start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Interrupted while starting " + engine, e);
        }
    }

    private static void stopAll(List<AutoCloseable> engines, RuntimeException failure) {
        synchronized (engines) {
            for (AutoCloseable engine : engines) {
                try {
                    engine.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    public URI dynamoDbUrl() {
        return dynamoDb.url();
    }

    public URI sqsUrl() {
        return sqs.url();
    }

    public URI s3Url() {
        return s3.url();
    }

    public URI snsUrl() {
        return sns.url();
    }

    public String region() {
        return REGION;
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    /** The access key S3 verifies signatures with; the other engines accept any. */
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    /** The environment an SDK v2 client (or a function) needs to talk to these engines. */
    public Map<String, String> sdkEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbUrl().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqsUrl().toString());
        environment.put("AWS_ENDPOINT_URL_SNS", snsUrl().toString());
        environment.put("AWS_ENDPOINT_URL_S3", s3Url().toString());
        return Collections.unmodifiableMap(environment);
    }

    public SnsEngine sns() {
        return sns;
    }

    public S3Engine s3() {
        return s3;
    }

    /**
     * The ElasticMQ URL of a queue.
     *
     * @param queueArn e.g. {@code arn:aws:sqs:us-east-1:000000000000:fanout}
     */
    public String sqsQueueUrl(String queueArn) {
        return queueUrl(sqs.url(), queueArn);
    }

    static String queueUrl(URI sqsUrl, String queueArn) {
        String[] parts = queueArn == null ? new String[0] : queueArn.split(":", -1);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sqs".equals(parts[2]) || parts[5].isEmpty()) {
            throw new IllegalArgumentException("Not an SQS queue ARN: " + queueArn);
        }
        return sqsUrl + "/" + parts[4] + "/" + parts[5];
    }

    /** Stops every engine and frees its port. Ignored on {@link #shared()}, which a shutdown hook stops. */
    @Override
    public void close() {
        if (!sharedInstance) {
            stop();
        }
    }

    private void stop() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        EngineException failure = new EngineException("Engines did not stop cleanly");
        stopAll(new ArrayList<>(List.of(sns, s3, sqs, dynamoDb)), failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }
}
