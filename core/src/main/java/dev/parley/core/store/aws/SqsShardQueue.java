package dev.parley.core.store.aws;

import dev.parley.core.store.ShardQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Jobs back onto the fan-out queue, ten per batch; entries SQS refuses are retried once, then reported. */
public final class SqsShardQueue implements ShardQueue {

    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsShardQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void sendAll(List<String> jobBodies, int delaySeconds) {
        for (int from = 0; from < jobBodies.size(); from += BATCH) {
            var entries = new ArrayList<SendMessageBatchRequestEntry>();
            var chunk = jobBodies.subList(from, Math.min(jobBodies.size(), from + BATCH));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(chunk.get(i))
                        .delaySeconds(delaySeconds).build());
            }
            for (int attempt = 0; !entries.isEmpty(); attempt++) {
                var response = sqs.sendMessageBatch(SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
                if (!response.hasFailed() || response.failed().isEmpty()) {
                    break;
                }
                if (attempt >= 1) {
                    throw new IllegalStateException(response.failed().size() + " shard jobs refused by SQS: "
                            + response.failed().getFirst().code());
                }
                var failedIds = response.failed().stream().map(f -> f.id()).toList();
                entries = new ArrayList<>(entries.stream().filter(e -> failedIds.contains(e.id())).toList());
            }
        }
    }
}
