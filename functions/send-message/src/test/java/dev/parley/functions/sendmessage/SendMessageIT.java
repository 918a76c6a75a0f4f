package dev.parley.functions.sendmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import dev.parley.core.service.AttachmentService;
import dev.parley.core.service.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SendMessageIT {

    private static ChatEngines engines;
    private static SendMessageHandler handler;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        handler = new SendMessageHandler(engines.functionEnvironment());
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    private static void channel(String channelId, List<String> members) {
        engines.putChannel(channelId, members.getFirst(), members.size());
        members.forEach(member -> engines.putMember(channelId, member));
    }

    private static JsonNode send(String userId, String frame) {
        var response = handler.handleRequest(LambdaEvents.webSocket("sendMessage", "conn-" + userId, userId, frame),
                new TestContext("send-message"));
        return Json.parseTrusted(response.getBody());
    }

    private static List<Map<String, AttributeValue>> stored(String channelId) {
        return engines.dynamoDb().query(r -> r.tableName(engines.get("MESSAGES_TABLE")).keyConditionExpression("channelId = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(channelId))).consistentRead(true)).items();
    }

    @Test
    void handleRequest_whenTwentySendersRaceOnOneChannel_storesGapFreeSeqs() throws Exception {
        var users = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            users.add("racer" + i);
        }
        channel("c-race", users);
        var calls = new ArrayList<Callable<JsonNode>>();
        for (var user : users) {
            calls.add(() -> send(user, "{\"action\":\"sendMessage\",\"channelId\":\"c-race\",\"clientMsgId\":\"m-" + user
                    + "\",\"text\":\"go\"}"));
        }
        var seqs = new ArrayList<Long>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (var result : pool.invokeAll(calls)) {
                var ack = result.get();
                assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
                seqs.add(ack.get("seq").asLong());
            }
        }

        // Each message once, under the seq its ack names. A send slowed past the hole grace (a loaded machine) may find
        // its seq filled as skipped and take the next: the sequence stays contiguous, with the skipped entry in it.
        assertThat(seqs).hasSize(20).doesNotHaveDuplicates();
        var items = stored("c-race");
        assertThat(items).filteredOn(item -> !item.containsKey("skipped")).extracting(item -> Long.parseLong(item.get("seq").n()))
                .containsExactlyInAnyOrderElementsOf(seqs);
        assertThat(items).extracting(item -> Long.parseLong(item.get("seq").n()))
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, Collections.max(seqs)).boxed().toList());
    }

    @Test
    void handleRequest_whenResentWithTheSameClientMsgId_storesOnceAndDoesNotPublishAgain() {
        channel("c-dedup", List.of("alice", "bob"));
        var frame = "{\"action\":\"sendMessage\",\"channelId\":\"c-dedup\",\"clientMsgId\":\"once\",\"text\":\"hello\"}";

        var first = send("alice", frame);
        var second = send("alice", frame);
        var third = send("alice", frame);
        // Published after any resend would have been: once its event is seen, a second event of seq 1 would be too.
        var next = send("alice", "{\"action\":\"sendMessage\",\"channelId\":\"c-dedup\",\"clientMsgId\":\"next\",\"text\":\"x\"}");

        assertThat(second.get("seq")).isEqualTo(first.get("seq"));
        assertThat(third.get("messageId")).isEqualTo(first.get("messageId"));
        assertThat(stored("c-dedup")).hasSize(2);
        var posted = engines.publishedEvents(e -> e.path("channelId").asText().equals("c-dedup"), 2, Duration.ofSeconds(10));
        assertThat(posted).allSatisfy(event -> assertThat(event.get("type").asText()).isEqualTo("message.posted"))
                .extracting(event -> event.get("frame").get("seq").asLong())
                .containsExactlyInAnyOrder(first.get("seq").asLong(), next.get("seq").asLong());
    }

    @Test
    void handleRequest_whenTheFrameNamesAnotherSender_storesTheAuthorizedOne() {
        channel("c-spoof", List.of("alice", "mallory"));

        send("mallory", "{\"action\":\"sendMessage\",\"channelId\":\"c-spoof\",\"clientMsgId\":\"x\",\"text\":\"I am alice\","
                + "\"senderId\":\"alice\",\"userId\":\"alice\"}");

        assertThat(stored("c-spoof")).singleElement().satisfies(item -> assertThat(item.get("senderId").s()).isEqualTo("mallory"));
    }

    @Test
    void handleRequest_whenCallerIsNotAMember_refusesEveryActionAndWritesNothing() {
        channel("c-closed", List.of("alice"));
        send("alice", "{\"action\":\"sendMessage\",\"channelId\":\"c-closed\",\"clientMsgId\":\"a\",\"text\":\"hi\"}");

        var refusals = List.of(
                send("eve", "{\"action\":\"sendMessage\",\"channelId\":\"c-closed\",\"clientMsgId\":\"e\",\"text\":\"hi\"}"),
                send("eve", "{\"action\":\"editMessage\",\"channelId\":\"c-closed\",\"seq\":1,\"text\":\"x\"}"),
                send("eve", "{\"action\":\"deleteMessage\",\"channelId\":\"c-closed\",\"seq\":1}"),
                send("eve", "{\"action\":\"react\",\"channelId\":\"c-closed\",\"seq\":1,\"emoji\":\"x\"}"));

        assertThat(refusals).allSatisfy(error -> assertThat(error.get("code").asText()).isEqualTo("forbidden"));
        assertThat(stored("c-closed")).singleElement().satisfies(item -> {
            assertThat(item.get("text").s()).isEqualTo("hi");
            assertThat(item.get("reactions").m()).isEmpty();
        });
    }

    @Test
    void handleRequest_whenEditingReactingAndDeleting_updatesTheStoredMessage() {
        channel("c-life", List.of("alice", "bob"));
        send("alice", "{\"action\":\"sendMessage\",\"channelId\":\"c-life\",\"clientMsgId\":\"a\",\"text\":\"first\"}");

        send("alice", "{\"action\":\"editMessage\",\"channelId\":\"c-life\",\"seq\":1,\"text\":\"edited\"}");
        send("bob", "{\"action\":\"react\",\"channelId\":\"c-life\",\"seq\":1,\"emoji\":\"👍\"}");
        send("bob", "{\"action\":\"react\",\"channelId\":\"c-life\",\"seq\":1,\"emoji\":\"👍\"}");
        var reacted = stored("c-life").getFirst();
        var editByBob = send("bob", "{\"action\":\"editMessage\",\"channelId\":\"c-life\",\"seq\":1,\"text\":\"mine\"}");
        send("alice", "{\"action\":\"deleteMessage\",\"channelId\":\"c-life\",\"seq\":1}");
        var deletedAgain = send("alice", "{\"action\":\"deleteMessage\",\"channelId\":\"c-life\",\"seq\":1}");

        assertThat(reacted.get("text").s()).isEqualTo("edited");
        assertThat(reacted.get("reactions").m().get("👍").ss()).containsExactly("bob");
        assertThat(editByBob.get("code").asText()).isEqualTo("forbidden");
        assertThat(deletedAgain.get("type").asText()).isEqualTo("ack");
        var tombstone = stored("c-life").getFirst();
        assertThat(tombstone.get("deleted").bool()).isTrue();
        assertThat(tombstone.get("text").s()).isEmpty();
    }

    private static String upload(String userId, String channelId, String body) {
        var key = AttachmentService.uploadPrefix(channelId, userId) + Ids.uploadId() + "/plan.pdf";
        engines.s3().putObject(r -> r.bucket(engines.get("ATTACHMENTS_BUCKET")).key(key).contentType("application/pdf"),
                RequestBody.fromString(body));
        return key;
    }

    private static String attaching(String channelId, String clientMsgId, String key) {
        return "{\"action\":\"sendMessage\",\"channelId\":\"" + channelId + "\",\"clientMsgId\":\"" + clientMsgId
                + "\",\"text\":\"\",\"attachments\":[{\"key\":\"" + key + "\"}]}";
    }

    private static String object(String key) {
        return engines.s3().getObjectAsBytes(r -> r.bucket(engines.get("ATTACHMENTS_BUCKET")).key(key)).asUtf8String();
    }

    private static boolean exists(String key) {
        return engines.s3().listObjectsV2(r -> r.bucket(engines.get("ATTACHMENTS_BUCKET")).prefix(key)).keyCount() > 0;
    }

    @Test
    void handleRequest_whenAttachmentsAreReferenced_acceptsOnlyTheSendersOwnUploadsToTheChannel() {
        channel("c-files", List.of("alice", "bob"));
        var alices = upload("alice", "c-files", "%PDF-1.7 alice");
        var bobs = upload("bob", "c-files", "%PDF-1.7 bob");

        var accepted = send("alice", attaching("c-files", "f1", alices));
        var missing = send("alice", attaching("c-files", "f2", AttachmentService.uploadPrefix("c-files", "alice")
                + "bbbbbbbbbbbbbbbbbbbb/none.pdf"));
        var othersUpload = send("alice", attaching("c-files", "f3", bobs));
        var otherChannel = send("alice", attaching("c-files", "f4", upload("alice", "c-other", "%PDF-1.7")));

        assertThat(accepted.get("type").asText()).isEqualTo("ack");
        assertThat(missing.get("code").asText()).isEqualTo("bad_request");
        assertThat(othersUpload.get("code").asText()).isEqualTo("forbidden");
        assertThat(otherChannel.get("code").asText()).isEqualTo("forbidden");
        assertThat(stored("c-files")).singleElement().satisfies(item -> assertThat(item.get("attachments").l()).hasSize(1));
    }

    @Test
    void handleRequest_whenAttachedThenDeleted_keepsItsOwnCopyAndDeletesOnlyTheSendersObject() {
        channel("c-copies", List.of("alice", "bob"));
        var alices = upload("alice", "c-copies", "%PDF-1.7 original");
        var bobs = upload("bob", "c-copies", "%PDF-1.7 bob");
        send("bob", attaching("c-copies", "b1", bobs));

        var ack = send("alice", attaching("c-copies", "a1", alices));
        engines.s3().putObject(r -> r.bucket(engines.get("ATTACHMENTS_BUCKET")).key(alices).contentType("application/pdf"),
                RequestBody.fromString("%PDF-1.7 replaced"));
        var attached = stored("c-copies").stream().filter(item -> item.get("seq").n().equals(ack.get("seq").asText())).findFirst()
                .orElseThrow().get("attachments").l().getFirst().s();
        var bobsAttached = stored("c-copies").getFirst().get("attachments").l().getFirst().s();
        var afterTheUploadChanged = object(attached);
        var deleted = send("alice", "{\"action\":\"deleteMessage\",\"channelId\":\"c-copies\",\"seq\":" + ack.get("seq").asLong() + "}");

        assertThat(attached).startsWith(AttachmentService.attachmentPrefix("c-copies")).isNotEqualTo(alices);
        assertThat(afterTheUploadChanged).isEqualTo("%PDF-1.7 original");
        assertThat(deleted.get("type").asText()).isEqualTo("ack");
        assertThat(exists(attached)).isFalse();
        assertThat(object(bobsAttached)).isEqualTo("%PDF-1.7 bob");
    }

    @Test
    void handleRequest_whenTenRepliesRaceInOneThread_countsEachOnceOnTheRootAndIndexesThemAll() throws Exception {
        var users = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            users.add("replier" + i);
        }
        channel("c-thread-race", users);
        var root = send(users.getFirst(), "{\"action\":\"sendMessage\",\"channelId\":\"c-thread-race\",\"clientMsgId\":\"root\","
                + "\"text\":\"root\"}");
        var calls = new ArrayList<Callable<JsonNode>>();
        for (var user : users) {
            calls.add(() -> send(user, "{\"action\":\"sendMessage\",\"channelId\":\"c-thread-race\",\"clientMsgId\":\"r-" + user
                    + "\",\"text\":\"me too\",\"threadSeq\":" + root.get("seq").asLong() + "}"));
        }
        var replySeqs = new ArrayList<Long>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (var result : pool.invokeAll(calls)) {
                var ack = result.get();
                assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
                replySeqs.add(ack.get("seq").asLong());
            }
        }
        var resent = send(users.get(3), "{\"action\":\"sendMessage\",\"channelId\":\"c-thread-race\",\"clientMsgId\":\"r-"
                + users.get(3) + "\",\"text\":\"me too\",\"threadSeq\":" + root.get("seq").asLong() + "}");

        var rootItem = stored("c-thread-race").stream().filter(item -> item.get("seq").n().equals(root.get("seq").asText()))
                .findFirst().orElseThrow();
        assertThat(resent.get("seq").asLong()).isEqualTo(replySeqs.get(3));
        assertThat(rootItem.get("replyCount").n()).isEqualTo("10");
        assertThat(rootItem.get("lastReplySeq").n()).isEqualTo(String.valueOf(Collections.max(replySeqs)));
        assertThat(rootItem.get("lastReplierIds").l()).hasSize(3).doesNotHaveDuplicates();
        var indexed = engines.dynamoDb().query(r -> r.tableName(engines.get("MESSAGES_TABLE")).indexName("byThread")
                .keyConditionExpression("threadKey = :k")
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("c-thread-race#" + root.get("seq").asLong())))).items();
        assertThat(indexed).extracting(item -> Long.parseLong(item.get("seq").n())).containsExactlyInAnyOrderElementsOf(replySeqs);
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_answersAsARequestWouldAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var rehearsal = SendMessageHandler.rehearsal(engines.functionEnvironment());

        rehearsal.run();
        rehearsal.run();

        assertThat(engines.footprint()).isEqualTo(before);
    }
}
