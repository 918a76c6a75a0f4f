package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsEngineIT {

    private final Engines engines = Engines.shared();

    @Test
    void receiveMessage_whenMessageSent_returnsIt() {
        try (SqsClient sqs = TestClients.sqs(engines)) {
            String queueUrl = sqs.createQueue(b -> b.queueName("sqs-engine-it")).queueUrl();

            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello"));
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();

            assertThat(messages).extracting(Message::body).containsExactly("hello");
        }
    }

    @Test
    void sqsQueueUrl_whenQueueExists_isTheUrlElasticMqReturns() {
        try (SqsClient sqs = TestClients.sqs(engines)) {
            String queueUrl = sqs.createQueue(b -> b.queueName("sqs-engine-url-it")).queueUrl();

            assertThat(engines.sqsQueueUrl("arn:aws:sqs:us-east-1:000000000000:sqs-engine-url-it")).isEqualTo(queueUrl);
        }
    }
}
