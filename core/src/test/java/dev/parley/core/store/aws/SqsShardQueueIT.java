package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsShardQueueIT {

    @Test
    void sendAll_whenMoreThanOneBatch_deliversEveryJob() {
        var sqs = LocalAws.shared().sqs();
        var queueUrl = sqs.createQueue(r -> r.queueName("fanout-" + UUID.randomUUID())).queueUrl();
        var queue = new SqsShardQueue(sqs, queueUrl);
        var jobs = IntStream.range(0, 23).mapToObj(i -> "{\"v\":1,\"kind\":\"shard\",\"n\":" + i + "}").toList();

        queue.sendAll(jobs);

        var received = new ArrayList<String>();
        for (var round = 0; round < 20 && received.size() < jobs.size(); round++) {
            var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            messages.stream().map(Message::body).forEach(received::add);
            messages.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void sendAll_whenNothingToSend_sendsNothing() {
        var sqs = LocalAws.shared().sqs();
        var queueUrl = sqs.createQueue(r -> r.queueName("fanout-" + UUID.randomUUID())).queueUrl();

        new SqsShardQueue(sqs, queueUrl).sendAll(List.of());

        assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();
    }
}
