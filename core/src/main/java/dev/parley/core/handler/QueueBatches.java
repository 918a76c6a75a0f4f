package dev.parley.core.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.parley.core.observability.Metrics;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs an SQS batch record by record and reports only the records that failed, so the queue redelivers those
 * alone (and, after its receive limit, moves them to the dead-letter queue). One bad record never fails the batch.
 */
public final class QueueBatches {

    private static final Logger LOG = LoggerFactory.getLogger(QueueBatches.class);

    private QueueBatches() {
    }

    public static SQSBatchResponse process(SQSEvent event, Metrics metrics, Consumer<String> recordBody) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        var records = event == null || event.getRecords() == null ? java.util.List.<SQSEvent.SQSMessage>of() : event.getRecords();
        for (var record : records) {
            MDC.put("messageId", record.getMessageId());
            try {
                recordBody.accept(record.getBody());
                metrics.count("RecordsProcessed", 1);
            } catch (IllegalArgumentException e) {
                metrics.count("RecordsRejected", 1);
                LOG.error("record cannot be processed and will go to the dead-letter queue: {}", e.getMessage());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
            } catch (RuntimeException e) {
                metrics.count("RecordsFailed", 1);
                LOG.warn("record failed and will be retried", e);
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
            } finally {
                MDC.remove("messageId");
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
