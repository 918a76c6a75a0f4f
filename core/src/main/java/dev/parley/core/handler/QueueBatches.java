package dev.parley.core.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.observability.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs an SQS batch record by record and reports only the records that failed, so the queue redelivers those
 * alone (and, after its receive limit, moves them to the dead-letter queue). One bad record never fails the batch.
 * A record is poison only when it cannot be read ({@link MalformedRecordException}); any other failure, whatever its
 * type, is taken as passing and logged as one that will be retried.
 */
public final class QueueBatches {

    private static final Logger LOG = LoggerFactory.getLogger(QueueBatches.class);

    private QueueBatches() {
    }

    public static SQSBatchResponse process(SQSEvent event, Metrics metrics, Consumer<String> recordBody) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        for (var record : records(event)) {
            if (!processOne(record, metrics, recordBody)) {
                failures.add(failure(record));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Like {@link #process}, with every record of the batch under way at once: a record with a large audience or a
     * slow connection does not hold back the events of other channels that arrived in the same batch.
     */
    public static SQSBatchResponse processConcurrently(SQSEvent event, Metrics metrics, Consumer<String> recordBody) {
        var records = records(event);
        if (records.size() < 2) {
            return process(event, metrics, recordBody);
        }
        var failures = new ConcurrentLinkedQueue<SQSBatchResponse.BatchItemFailure>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var record : records) {
                executor.submit(() -> {
                    if (!processOne(record, metrics, recordBody)) {
                        failures.add(failure(record));
                    }
                });
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(new ArrayList<>(failures)).build();
    }

    private static List<SQSEvent.SQSMessage> records(SQSEvent event) {
        return event == null || event.getRecords() == null ? List.of() : event.getRecords();
    }

    private static SQSBatchResponse.BatchItemFailure failure(SQSEvent.SQSMessage record) {
        return SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build();
    }

    private static boolean processOne(SQSEvent.SQSMessage record, Metrics metrics, Consumer<String> recordBody) {
        MDC.put("messageId", record.getMessageId());
        try {
            recordBody.accept(record.getBody());
            metrics.count("RecordsProcessed", 1);
            return true;
        } catch (MalformedRecordException e) {
            metrics.count("RecordsRejected", 1);
            LOG.error("record cannot be read and will go to the dead-letter queue", e);
            return false;
        } catch (RuntimeException e) {
            metrics.count("RecordsFailed", 1);
            LOG.warn("record failed and will be retried", e);
            return false;
        } finally {
            MDC.remove("messageId");
        }
    }
}
