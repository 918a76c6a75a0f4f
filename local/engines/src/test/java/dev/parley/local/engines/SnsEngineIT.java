package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Parley's SNS driven by the unmodified AWS SDK, delivering to ElasticMQ queues and to a Lambda invoker. */
class SnsEngineIT {

    private final Engines engines = Engines.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private String queue(String name) {
        var sqs = TestClients.sqs(engines);
        var url = sqs.createQueue(r -> r.queueName(name + "-" + suffix)).queueUrl();
        return url;
    }

    private String arnOf(String queueUrl) {
        return TestClients.sqs(engines).getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private List<software.amazon.awssdk.services.sqs.model.Message> receive(String queueUrl) {
        return TestClients.sqs(engines).receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(2).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Test
    void publish_whenSubscribedRawWithAFilter_deliversOnlyMatchingMessagesWithTheirAttributes() {
        var sns = TestClients.sns(engines);
        var topic = sns.createTopic(r -> r.name("events-" + suffix)).topicArn();
        var all = queue("all");
        var posted = queue("posted");
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arnOf(all)).attributes(Map.of("RawMessageDelivery", "true")));
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arnOf(posted)).attributes(Map.of("RawMessageDelivery", "true",
                "FilterPolicy", "{\"type\":[\"message.posted\"]}")));

        sns.publish(r -> r.topicArn(topic).message("{\"n\":1}").messageAttributes(Map.of("type", text("message.posted"))));
        sns.publish(r -> r.topicArn(topic).message("{\"n\":2}").messageAttributes(Map.of("type", text("typing"))));

        assertThat(receive(all)).extracting(m -> m.body()).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
        var filtered = receive(posted);
        assertThat(filtered).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("{\"n\":1}");
            assertThat(m.messageAttributes().get("type").stringValue()).isEqualTo("message.posted");
        });
    }

    @Test
    void publish_whenNotRaw_wrapsTheMessageInTheSnsEnvelope() {
        var sns = TestClients.sns(engines);
        var topic = sns.createTopic(r -> r.name("wrapped-" + suffix)).topicArn();
        var queue = queue("wrapped");
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arnOf(queue)));

        var messageId = sns.publish(r -> r.topicArn(topic).message("hello").subject("greeting")
                .messageAttributes(Map.of("kind", text("test")))).messageId();

        assertThat(receive(queue)).singleElement().satisfies(m -> assertThat(m.body())
                .contains("\"Type\":\"Notification\"").contains("\"MessageId\":\"" + messageId + "\"")
                .contains("\"Message\":\"hello\"").contains("\"Subject\":\"greeting\"").contains("\"kind\":{\"Type\":\"String\""));
    }

    @Test
    void publishBatch_whenGivenSeveralEntries_deliversEach() {
        var sns = TestClients.sns(engines);
        var topic = sns.createTopic(r -> r.name("batch-" + suffix)).topicArn();
        var queue = queue("batch");
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arnOf(queue)).attributes(Map.of("RawMessageDelivery", "true")));

        var response = sns.publishBatch(r -> r.topicArn(topic).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("a").message("one").build(),
                PublishBatchRequestEntry.builder().id("b").message("two").build()));

        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("a", "b");
        assertThat(receive(queue)).extracting(m -> m.body()).containsExactlyInAnyOrder("one", "two");
        assertThat(engines.sns().published(topic)).hasSize(2);
    }

    @Test
    void lambdaSubscription_whenAMessageIsPublished_invokesTheFunctionWithAnSnsEvent() throws Exception {
        var sns = TestClients.sns(engines);
        var topic = sns.createTopic(r -> r.name("lambda-" + suffix)).topicArn();
        var invocations = new CopyOnWriteArrayList<String>();
        engines.sns().setLambdaInvoker((arn, event) -> invocations.add(arn + " " + event));
        sns.subscribe(r -> r.topicArn(topic).protocol("lambda").endpoint("arn:aws:lambda:us-east-1:000000000000:function:f"));

        sns.publish(r -> r.topicArn(topic).message("ping"));

        for (int i = 0; i < 50 && invocations.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(invocations).singleElement().satisfies(invocation -> assertThat(invocation)
                .startsWith("arn:aws:lambda:us-east-1:000000000000:function:f ").contains("\"Records\"").contains("\"Message\":\"ping\""));
    }

    @Test
    void platformEndpoints_whenCreatedAndPublishedTo_areIdempotentAndRecorded() {
        var sns = TestClients.sns(engines);
        var application = sns.createPlatformApplication(r -> r.name("app-" + suffix).platform("GCM")
                .attributes(Map.of("PlatformCredential", "key"))).platformApplicationArn();
        var first = sns.createPlatformEndpoint(r -> r.platformApplicationArn(application).token("device-1")).endpointArn();
        var again = sns.createPlatformEndpoint(r -> r.platformApplicationArn(application).token("device-1")).endpointArn();

        sns.publish(r -> r.targetArn(first).messageStructure("json").message("{\"default\":\"hi\",\"GCM\":\"{}\"}"));

        assertThat(again).isEqualTo(first);
        assertThat(engines.sns().published(first)).singleElement().satisfies(m -> assertThat(m.message()).contains("default"));
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:000000000000:missing").message("x")))
                .isInstanceOf(NotFoundException.class);
    }
}
