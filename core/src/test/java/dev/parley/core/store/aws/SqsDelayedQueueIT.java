package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.store.DelayedQueue;
import dev.parley.core.testing.LocalAws;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsDelayedQueueIT {

    @Test
    void send_whenDelayed_isNotReceivedBeforeItsDelay() {
        var sqs = LocalAws.shared().sqs();
        var queueUrl = sqs.createQueue(r -> r.queueName("notify-" + UUID.randomUUID())).queueUrl();
        var queue = new SqsDelayedQueue(sqs, queueUrl);

        queue.send("{\"late\":true}", 2);
        queue.send("{\"now\":true}", 0);

        var first = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(first).extracting(Message::body).containsExactly("{\"now\":true}");
        String late = null;
        for (var round = 0; round < 10 && late == null; round++) {
            var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            late = messages.isEmpty() ? null : messages.getFirst().body();
        }
        assertThat(late).isEqualTo("{\"late\":true}");
    }

    @Test
    void send_whenTheDelayIsBeyondWhatSqsAllows_refuses() {
        var queue = new SqsDelayedQueue(LocalAws.shared().sqs(), "http://127.0.0.1:1/000000000000/none");

        assertThatThrownBy(() -> queue.send("{}", DelayedQueue.MAX_DELAY_SECONDS + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
