package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SnsEngineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Engines ENGINES = Engines.shared();
    private static SnsClient sns;
    private static SqsClient sqs;

    @BeforeAll
    static void clients() {
        sns = TestClients.sns(ENGINES);
        sqs = TestClients.sqs(ENGINES);
    }

    @AfterAll
    static void closeClients() {
        sns.close();
        sqs.close();
    }

    @Test
    void publish_whenRawSubscriptionWithFilterPolicy_deliversOnlyMatchingMessageWithAttributes() {
        String topicArn = sns.createTopic(b -> b.name("raw-topic")).topicArn();
        String queueUrl = queue("raw-queue");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn("raw-queue"))
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"type\":[\"message.posted\"]}")));

        sns.publish(b -> b.topicArn(topicArn).message("dropped").messageAttributes(Map.of("type", string("typing"))));
        sns.publish(b -> b.topicArn(topicArn).message("{\"v\":1}").messageAttributes(Map.of("type", string("message.posted"))));

        List<Message> messages = receive(queueUrl);
        assertThat(messages).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("{\"v\":1}");
            assertThat(message.messageAttributes().get("type").stringValue()).isEqualTo("message.posted");
        });
        assertThat(ENGINES.sns().published(topicArn)).extracting(PublishedMessage::message).containsExactly("dropped", "{\"v\":1}");
    }

    @Test
    void publish_whenRawSubscription_deliversBinaryAndCustomTypedAttributesAsSent() {
        String topicArn = sns.createTopic(b -> b.name("typed-topic")).topicArn();
        String queueUrl = queue("typed-queue");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn("typed-queue"))
                .attributes(Map.of("RawMessageDelivery", "true")));
        byte[] bytes = {0, 1, (byte) 0xfe, (byte) 0xff};

        sns.publish(b -> b.topicArn(topicArn).message("typed").messageAttributes(Map.of(
                "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(bytes)).build(),
                "kind", MessageAttributeValue.builder().dataType("String.kind").stringValue("reply").build(),
                "seq", number("42"))));

        assertThat(receive(queueUrl)).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("typed");
            var attributes = message.messageAttributes();
            assertThat(attributes.get("blob").dataType()).isEqualTo("Binary");
            assertThat(attributes.get("blob").binaryValue().asByteArray()).containsExactly(bytes);
            assertThat(attributes.get("kind").dataType()).isEqualTo("String.kind");
            assertThat(attributes.get("kind").stringValue()).isEqualTo("reply");
            assertThat(attributes.get("seq").dataType()).isEqualTo("Number");
            assertThat(attributes.get("seq").stringValue()).isEqualTo("42");
        });
    }

    @Test
    void publish_whenSubscribedQueueIsGone_deliversToTheSubscriptionsDeadLetterQueue() {
        String topicArn = sns.createTopic(b -> b.name("orphan-topic")).topicArn();
        String deadLetterUrl = queue("orphan-dead-letters");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn("orphan-queue-never-created"))
                .attributes(Map.of("RawMessageDelivery", "true",
                        "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn("orphan-dead-letters") + "\"}")));

        sns.publish(b -> b.topicArn(topicArn).message("nobody home"));

        assertThat(receive(deadLetterUrl)).extracting(Message::body).containsExactly("nobody home");
    }

    @Test
    void publish_whenEnvelopedSubscription_deliversSnsJsonEnvelope() throws Exception {
        String topicArn = sns.createTopic(b -> b.name("envelope-topic")).topicArn();
        String queueUrl = queue("envelope-queue");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn("envelope-queue"))
                .attributes(Map.of("FilterPolicy", "{\"channel\":[{\"prefix\":\"c-\"}]}")));

        String messageId = sns.publish(b -> b.topicArn(topicArn).message("hello").subject("greeting")
                .messageAttributes(Map.of("channel", string("c-1")))).messageId();
        sns.publish(b -> b.topicArn(topicArn).message("dropped").messageAttributes(Map.of("channel", string("x-1"))));

        List<Message> messages = receive(queueUrl);
        assertThat(messages).hasSize(1);
        JsonNode envelope = JSON.readTree(messages.getFirst().body());
        assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.path("MessageId").asText()).isEqualTo(messageId);
        assertThat(envelope.path("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(envelope.path("Subject").asText()).isEqualTo("greeting");
        assertThat(envelope.path("Message").asText()).isEqualTo("hello");
        assertThat(envelope.path("Timestamp").asText()).isNotEmpty();
        assertThat(envelope.path("SignatureVersion").asText()).isEqualTo("1");
        assertThat(envelope.path("MessageAttributes").path("channel").path("Type").asText()).isEqualTo("String");
        assertThat(envelope.path("MessageAttributes").path("channel").path("Value").asText()).isEqualTo("c-1");
    }

    @Test
    void publishBatch_whenTwoEntries_deliversBoth() {
        String topicArn = sns.createTopic(b -> b.name("batch-topic")).topicArn();
        String queueUrl = queue("batch-queue");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn("batch-queue"))
                .attributes(Map.of("RawMessageDelivery", "true")));

        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("a").message("one").build(),
                PublishBatchRequestEntry.builder().id("b").message("two").messageAttributes(Map.of("n", number("2"))).build()));

        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("a", "b");
        assertThat(response.failed()).isEmpty();
        assertThat(receive(queueUrl)).extracting(Message::body).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void publish_whenTargetIsPlatformEndpoint_recordsMessage() {
        String applicationArn = sns.createPlatformApplication(b -> b.name("parley-fcm").platform("GCM")
                .attributes(Map.of("PlatformCredential", "local"))).platformApplicationArn();
        String endpointArn = sns.createPlatformEndpoint(b -> b.platformApplicationArn(applicationArn).token("device-token-1"))
                .endpointArn();
        String again = sns.createPlatformEndpoint(b -> b.platformApplicationArn(applicationArn).token("device-token-1")).endpointArn();

        sns.publish(b -> b.targetArn(endpointArn).message("{\"default\":\"hi\"}").messageStructure("json"));

        assertThat(again).isEqualTo(endpointArn);
        assertThat(sns.getEndpointAttributes(b -> b.endpointArn(endpointArn)).attributes())
                .containsEntry("Token", "device-token-1").containsEntry("Enabled", "true");
        assertThat(ENGINES.sns().published(endpointArn)).singleElement()
                .satisfies(m -> assertThat(m.message()).isEqualTo("{\"default\":\"hi\"}"));
        sns.deleteEndpoint(b -> b.endpointArn(endpointArn));
        assertThatThrownBy(() -> sns.getEndpointAttributes(b -> b.endpointArn(endpointArn))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void publish_whenLambdaSubscription_invokesInvokerWithSnsEvent() throws Exception {
        String topicArn = sns.createTopic(b -> b.name("lambda-topic")).topicArn();
        String functionArn = "arn:aws:lambda:us-east-1:000000000000:function:Notify";
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ENGINES.sns().setLambdaInvoker((arn, event) -> {
            if (arn.equals(functionArn)) {
                events.add(event);
            }
        });
        sns.subscribe(b -> b.topicArn(topicArn).protocol("lambda").endpoint(functionArn));

        String messageId = sns.publish(b -> b.topicArn(topicArn).message("ping").messageAttributes(Map.of("type", string("read"))))
                .messageId();

        String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        JsonNode record = JSON.readTree(event).path("Records").get(0);
        assertThat(record.path("EventSource").asText()).isEqualTo("aws:sns");
        assertThat(record.path("Sns").path("MessageId").asText()).isEqualTo(messageId);
        assertThat(record.path("Sns").path("Message").asText()).isEqualTo("ping");
        assertThat(record.path("Sns").path("MessageAttributes").path("type").path("Value").asText()).isEqualTo("read");
    }

    @Test
    void publish_whenTopicMissing_throwsNotFound() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:missing").message("x")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void subscriptionAttributes_whenSubscribed_listAndDescribeSubscription() {
        String topicArn = sns.createTopic(b -> b.name("attributes-topic")).topicArn();
        String again = sns.createTopic(b -> b.name("attributes-topic")).topicArn();
        queue("attributes-queue");
        String subscriptionArn = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn("attributes-queue")))
                .subscriptionArn();

        sns.setSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn).attributeName("RawMessageDelivery").attributeValue("true"));

        assertThat(again).isEqualTo(topicArn);
        assertThat(sns.listTopics().topics()).anySatisfy(t -> assertThat(t.topicArn()).isEqualTo(topicArn));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions()).singleElement()
                .satisfies(s -> assertThat(s.subscriptionArn()).isEqualTo(subscriptionArn));
        assertThat(sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn)).attributes())
                .containsEntry("RawMessageDelivery", "true").containsEntry("Protocol", "sqs");
        assertThat(sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes()).containsEntry("SubscriptionsConfirmed", "1");
        sns.unsubscribe(b -> b.subscriptionArn(subscriptionArn));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions()).isEmpty();
    }

    private static String queue(String name) {
        return sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    private static String arn(String queueName) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queueName;
    }

    /** Everything that arrives until a one-second wait brings nothing more: deliveries are asynchronous, as on AWS. */
    private static List<Message> receive(String queueUrl) {
        var all = new java.util.ArrayList<Message>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            all.addAll(received);
        } while (!received.isEmpty());
        return all;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static MessageAttributeValue number(String value) {
        return MessageAttributeValue.builder().dataType("Number").stringValue(value).build();
    }
}
