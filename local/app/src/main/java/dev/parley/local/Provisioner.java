package dev.parley.local;

import dev.parley.local.engines.TemplateTables;
import dev.parley.local.template.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates the template's tables, queues (with redrive), topics, subscriptions and buckets on the engines. */
final class Provisioner {

    private final Deployment deployment;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final S3Client s3;

    Provisioner(Deployment deployment, DynamoDbClient dynamoDb, SqsClient sqs, SnsClient sns, S3Client s3) {
        this.deployment = deployment;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.sns = sns;
        this.s3 = s3;
    }

    /** Creates everything, each kind of resource in parallel; queues exist before their redrive policies and subscriptions. */
    void provision() {
        all(List.of(
                () -> each(deployment.ofType(TemplateTables.TYPE), this::table),
                () -> {
                    var queues = deployment.ofType("AWS::SQS::Queue");
                    each(queues, this::queue);
                    each(queues, this::queueAttributes);
                    each(deployment.ofType("AWS::SNS::Topic"), topic -> sns.createTopic(r -> r.name(Deployment.physicalName(topic))));
                    each(deployment.ofType("AWS::SNS::Subscription"), this::subscription);
                },
                () -> each(deployment.ofType("AWS::S3::Bucket"), this::bucket)));
    }

    private static void each(List<Resource> resources, Consumer<Resource> create) {
        all(resources.stream().<Runnable>map(resource -> () -> create.accept(resource)).toList());
    }

    private static void all(List<Runnable> tasks) {
        var failures = new ArrayList<RuntimeException>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = tasks.stream().map(executor::submit).toList();
            for (var task : running) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while provisioning", e);
                }
            }
        }
        if (!failures.isEmpty()) {
            var first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void table(Resource table) {
        TemplateTables.create(dynamoDb, Deployment.physicalName(table), table.properties());
    }

    private void queue(Resource queue) {
        sqs.createQueue(r -> r.queueName(Deployment.physicalName(queue)));
    }

    private void queueAttributes(Resource queue) {
        var attributes = new HashMap<QueueAttributeName, String>();
        var visibility = queue.property("VisibilityTimeout");
        if (!visibility.isMissingNode()) {
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, visibility.asText());
        }
        var redrive = queue.property("RedrivePolicy");
        if (!redrive.isMissingNode()) {
            var resolved = deployment.resolve(queue, redrive);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + resolved.get("deadLetterTargetArn").asText()
                    + "\",\"maxReceiveCount\":" + resolved.get("maxReceiveCount").asInt() + "}");
        }
        if (!attributes.isEmpty()) {
            var url = deployment.resolveText(queue, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("Ref", queue.logicalId()));
            sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(attributes));
        }
    }

    private void subscription(Resource subscription) {
        var topicArn = deployment.resolveText(subscription, subscription.property("TopicArn"));
        var protocol = subscription.property("Protocol").asText();
        var endpoint = deployment.resolveText(subscription, subscription.property("Endpoint"));
        var attributes = new HashMap<String, String>();
        if (subscription.property("RawMessageDelivery").asBoolean(false)) {
            attributes.put("RawMessageDelivery", "true");
        }
        var filter = subscription.property("FilterPolicy");
        if (!filter.isMissingNode()) {
            attributes.put("FilterPolicy", deployment.resolve(subscription, filter).toString());
            attributes.put("FilterPolicyScope", subscription.property("FilterPolicyScope").asText("MessageAttributes"));
        }
        var redrive = subscription.property("RedrivePolicy");
        if (!redrive.isMissingNode()) {
            attributes.put("RedrivePolicy", deployment.resolve(subscription, redrive).toString());
        }
        sns.subscribe(r -> r.topicArn(topicArn).protocol(protocol).endpoint(endpoint).attributes(attributes));
    }

    private void bucket(Resource bucket) {
        try {
            s3.createBucket(r -> r.bucket(Deployment.physicalName(bucket)));
        } catch (BucketAlreadyOwnedByYouException e) {
            // kept from an earlier run with --persist
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }
}
