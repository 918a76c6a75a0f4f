package dev.parley.core.store.aws;

import dev.parley.core.store.DelayedQueue;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Records sent to an SQS queue with a per-message delay. */
public final class SqsDelayedQueue implements DelayedQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDelayedQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void send(String body, int delaySeconds) {
        if (delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
            throw new IllegalArgumentException("delay " + delaySeconds + " s is outside 0 to " + MAX_DELAY_SECONDS);
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).delaySeconds(delaySeconds));
    }
}
