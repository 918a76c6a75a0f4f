package dev.parley.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.engines.Engines;
import dev.parley.local.engines.ObjectCreated;
import dev.parley.local.events.Schedules;
import dev.parley.local.events.SqsPoller;
import dev.parley.local.lambda.FunctionPool;
import dev.parley.local.lambda.InvocationException;
import dev.parley.local.template.TemplateException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What invokes the functions besides the WebSocket API, as the template declares it: SQS event source mappings (each
 * with its pollers), schedule rules, and S3 object-created notifications.
 */
final class Triggers implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Deployment deployment;
    private final FunctionPools functions;
    private final Engines engines;
    private final int scheduleSpeed;
    private final List<AutoCloseable> running = new ArrayList<>();

    private Triggers(Deployment deployment, FunctionPools functions, Engines engines, int scheduleSpeed) {
        this.deployment = deployment;
        this.functions = functions;
        this.engines = engines;
        this.scheduleSpeed = scheduleSpeed;
    }

    /**
     * Starts every trigger of the deployment.
     *
     * @param pollerSqs a client for each event source mapping's pollers
     * @param scheduleSpeed how many times as often as the template says the rate schedules fire (1: as on AWS)
     */
    static Triggers start(Deployment deployment, FunctionPools functions, Engines engines, Supplier<SqsClient> pollerSqs,
                          int scheduleSpeed) {
        var triggers = new Triggers(deployment, functions, engines, scheduleSpeed);
        try {
            triggers.eventSourceMappings(pollerSqs);
            triggers.schedules();
            triggers.bucketNotifications();
            return triggers;
        } catch (RuntimeException e) {
            triggers.close();
            throw e;
        }
    }

    private void eventSourceMappings(Supplier<SqsClient> pollerSqs) {
        for (var mapping : deployment.ofType("AWS::Lambda::EventSourceMapping")) {
            var source = deployment.resolveText(mapping, mapping.property("EventSourceArn"));
            if (!source.startsWith("arn:aws:sqs:")) {
                throw new TemplateException("Parley Local runs SQS event sources only, not " + source);
            }
            var function = functions.get(deployment.resolveText(mapping, mapping.property("FunctionName")));
            var reports = false;
            for (var type : mapping.property("FunctionResponseTypes")) {
                reports |= type.asText().equals("ReportBatchItemFailures");
            }
            var poller = new SqsPoller(pollerSqs.get(), engines.sqsQueueUrl(source), source, engines.region(), function,
                    mapping.property("BatchSize").asInt(10),
                    Duration.ofSeconds(mapping.property("MaximumBatchingWindowInSeconds").asInt(0)), reports);
            poller.start(2);
            running.add(poller);
        }
    }

    private void schedules() {
        var schedules = new Schedules(engines.region(), engines.accountId(), scheduleSpeed);
        running.add(schedules);
        for (var rule : deployment.ofType("AWS::Events::Rule")) {
            var expression = rule.property("ScheduleExpression").asText(null);
            if (expression == null) {
                throw new TemplateException("Parley Local runs schedule rules only; " + rule.logicalId() + " has an event pattern");
            }
            for (var target : rule.property("Targets")) {
                schedules.add(rule.logicalId(), expression, functions.get(deployment.resolveText(rule, target.get("Arn"))));
            }
        }
    }

    private void bucketNotifications() {
        for (var notifications : deployment.ofType("Custom::S3BucketNotifications")) {
            var bucket = deployment.resolveText(notifications, notifications.property("BucketName"));
            var configuration = deployment.resolve(notifications, notifications.property("NotificationConfiguration"));
            for (var lambda : configuration.path("LambdaFunctionConfigurations")) {
                var function = functions.get(lambda.get("LambdaFunctionArn").asText());
                var prefix = "";
                var suffix = "";
                for (var rule : lambda.path("Filter").path("Key").path("FilterRules")) {
                    if (rule.path("Name").asText().equalsIgnoreCase("prefix")) {
                        prefix = rule.path("Value").asText();
                    } else if (rule.path("Name").asText().equalsIgnoreCase("suffix")) {
                        suffix = rule.path("Value").asText();
                    }
                }
                var createdOnly = false;
                for (var event : lambda.path("Events")) {
                    createdOnly |= event.asText().startsWith("s3:ObjectCreated:");
                }
                if (!createdOnly) {
                    throw new TemplateException("Parley Local delivers s3:ObjectCreated notifications only");
                }
                final var wantedPrefix = prefix;
                final var wantedSuffix = suffix;
                engines.s3().addObjectCreatedListener(created -> {
                    if (created.bucket().equals(bucket) && created.key().startsWith(wantedPrefix) && created.key().endsWith(wantedSuffix)) {
                        Thread.ofVirtual().start(() -> deliver(function, created));
                    }
                });
            }
        }
    }

    private void deliver(FunctionPool function, ObjectCreated created) {
        var event = MAPPER.createObjectNode();
        var record = event.putArray("Records").addObject()
                .put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", engines.region())
                .put("eventTime", Instant.now().toString()).put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "parley-local");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", UUID.randomUUID().toString());
        var s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", "parley-local");
        s3.putObject("bucket").put("name", created.bucket()).put("arn", "arn:aws:s3:::" + created.bucket())
                .putObject("ownerIdentity").put("principalId", "parley-local");
        s3.putObject("object").put("key", URLEncoder.encode(created.key(), StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", created.size()).put("eTag", created.eTag() == null ? "" : created.eTag())
                .put("sequencer", Long.toHexString(System.nanoTime()));
        try {
            function.invoke(MAPPER.writeValueAsString(event));
        } catch (InvocationException | IOException e) {
            System.err.println("S3 notification to " + function.definition().name() + " failed: " + e.getMessage());
        }
    }

    /** Stops the schedules and pollers, the last started first. */
    @Override
    public void close() {
        Stopping.inReverse(running);
    }
}
