package dev.parley.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.local.lambda.FunctionPool;
import dev.parley.local.lambda.InvocationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping: polls the queue, gathers up to the batch size within the batching window, invokes
 * the function with an {@code SQSEvent}, and deletes what succeeded. With {@code ReportBatchItemFailures} only
 * the reported ids return to the queue; otherwise a failed invocation returns the whole batch. Messages that keep
 * failing reach the queue's dead-letter queue through its redrive policy.
 */
public final class SqsPoller implements AutoCloseable {

    /** Failed messages become visible again after this, rather than after the full visibility timeout. */
    static final int RETRY_DELAY_SECONDS = 1;
    private static final int IDLE_WAIT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final FunctionPool function;
    private final int batchSize;
    private final Duration window;
    private final boolean reportsFailures;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    public SqsPoller(SqsClient sqs, String queueUrl, String queueArn, String region, FunctionPool function, int batchSize,
                     Duration window, boolean reportsFailures) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.function = function;
        this.batchSize = batchSize;
        this.window = window;
        this.reportsFailures = reportsFailures;
    }

    /** Starts {@code pollers} concurrent loops, as Lambda scales pollers with the queue. */
    public void start(int pollers) {
        for (int i = 0; i < pollers; i++) {
            threads.add(Thread.ofVirtual().name("sqs-" + function.definition().name() + "-" + i).start(this::loop));
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                var batch = gather();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("polling {} failed: {}", queueArn, e.toString());
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    /**
     * One batch: a long poll until something arrives, then, within the batching window, more long polls until the
     * batch is full or the window has passed. SQS waits in whole seconds, so a window ends on the next whole second.
     */
    private List<Message> gather() {
        var batch = new ArrayList<Message>(receive(Math.min(10, batchSize), IDLE_WAIT_SECONDS));
        var deadline = System.nanoTime() + window.toNanos();
        while (running.get() && !batch.isEmpty() && batch.size() < batchSize) {
            var remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            var waitSeconds = (int) Math.min(IDLE_WAIT_SECONDS, Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L));
            batch.addAll(receive(Math.min(10, batchSize - batch.size()), waitSeconds));
        }
        return batch;
    }

    private List<Message> receive(int max, int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    }

    private void deliver(List<Message> batch) {
        Set<String> failed = new HashSet<>();
        try {
            var response = MAPPER.readTree(function.invoke(MAPPER.writeValueAsString(event(batch))));
            if (reportsFailures && response != null) {
                response.path("batchItemFailures").forEach(failure -> failed.add(failure.path("itemIdentifier").asText()));
            }
        } catch (InvocationException e) {
            LOG.warn("{} failed on a batch of {}: {}", function.definition().name(), batch.size(), e.getMessage());
            batch.forEach(message -> failed.add(message.messageId()));
        } catch (java.io.IOException e) {
            batch.forEach(message -> failed.add(message.messageId()));
        }
        var deletes = new ArrayList<DeleteMessageBatchRequestEntry>();
        var retries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
        for (int i = 0; i < batch.size(); i++) {
            var message = batch.get(i);
            if (failed.contains(message.messageId())) {
                retries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(RETRY_DELAY_SECONDS).build());
            } else {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        for (int from = 0; from < deletes.size(); from += 10) {
            var chunk = deletes.subList(from, Math.min(deletes.size(), from + 10));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
        for (int from = 0; from < retries.size(); from += 10) {
            var chunk = retries.subList(from, Math.min(retries.size(), from + 10));
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
    }

    private ObjectNode event(List<Message> batch) {
        var event = MAPPER.createObjectNode();
        var records = event.putArray("Records");
        for (var message : batch) {
            var record = records.addObject()
                    .put("messageId", message.messageId())
                    .put("receiptHandle", message.receiptHandle())
                    .put("body", message.body())
                    .put("md5OfBody", message.md5OfBody())
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", queueArn)
                    .put("awsRegion", region);
            var attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            var messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> {
                var attribute = messageAttributes.putObject(name).put("dataType", value.dataType());
                if (value.stringValue() != null) {
                    attribute.put("stringValue", value.stringValue());
                }
                attribute.putArray("stringListValues");
                attribute.putArray("binaryListValues");
            });
        }
        return event;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        threads.forEach(Thread::interrupt);
    }
}
