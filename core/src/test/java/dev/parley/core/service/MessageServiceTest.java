package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.DeliveryPendingException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.RateLimitedException;
import dev.parley.core.retry.RetryPolicy;
import dev.parley.core.store.ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MessageServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    private static Action.SendMessage send(String channelId, String clientMsgId, String text) {
        return new Action.SendMessage(channelId, clientMsgId, text, List.of(), null);
    }

    @Test
    void send_whenManySendersRace_assignsGapFreeSeqs() throws Exception {
        var users = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            users.add("user" + i);
        }
        var channelId = fixture.groupWith("owner", users.toArray(String[]::new));
        var futures = new ArrayList<Future<Long>>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (var user : users) {
                futures.add(pool.submit(() -> fixture.messages.send(user, send(channelId, "m-" + user, "hello")).seq()));
            }
        }
        var seqs = new ArrayList<Long>();
        for (var future : futures) {
            seqs.add(future.get());
        }

        assertThat(seqs).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(fixture.chat.channels.get(channelId).lastSeq()).isEqualTo(20);
    }

    @Test
    void send_whenTheWriteKeepsFailing_fillsItsSeqAsSkippedAndTheResendTakesTheNext() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.chat.failingWrites = RetryPolicy.ATTEMPTS;

        assertThatThrownBy(() -> fixture.messages.send("alice", send(channelId, "m1", "hello")))
                .isInstanceOf(IllegalStateException.class);
        var resent = fixture.messages.send("alice", send(channelId, "m1", "hello"));

        assertThat(fixture.chat.messageStore.find(channelId, 1)).get().satisfies(entry -> assertThat(entry.skipped()).isTrue());
        assertThat(resent.seq()).isEqualTo(2);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(1);
    }

    @Test
    void send_whenTheWriteFailsOnce_retriesUnderTheSameSeq() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.chat.failingWrites = 1;

        var ack = fixture.messages.send("alice", send(channelId, "m1", "hello"));

        assertThat(ack.seq()).isEqualTo(1);
        assertThat(fixture.chat.messages).hasSize(1);
    }

    @Test
    void send_whenAReaderSkippedTheSeqMeanwhile_takesTheNextSeq() {
        var channelId = fixture.groupWith("alice", "bob");
        var taken = fixture.chat.messageStore.allocate(channelId, 0L).orElseThrow();
        fixture.chat.messageStore.skip(channelId, taken + 1, 0L, null);

        var ack = fixture.messages.send("alice", send(channelId, "m1", "hello"));

        assertThat(ack.seq()).isEqualTo(3);
        assertThat(fixture.chat.messageStore.find(channelId, 2)).get().satisfies(entry -> assertThat(entry.skipped()).isTrue());
    }

    private MessageService limitedTo(int perMinute) {
        return new MessageService(fixture.chat.channelStore, fixture.chat.memberStore, fixture.chat.messageStore,
                fixture.chat.objectStore, fixture.chat.eventPublisher, fixture.chat.throttleStore,
                new RateLimiter(fixture.chat.throttleStore, fixture.clock, kind -> perMinute), fixture.clock, Duration.ZERO);
    }

    @Test
    void send_whenOverTheLimit_isRateLimitedBeforeAnyOtherCheck() {
        var channelId = fixture.groupWith("alice", "bob");
        var strict = limitedTo(1);
        strict.send("alice", send(channelId, "m1", "hello"));

        assertThatThrownBy(() -> strict.send("mallory", send(channelId, "x1", "hi"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> strict.send("mallory", send(channelId, "x2", "hi"))).isInstanceOf(RateLimitedException.class);
        assertThatThrownBy(() -> strict.send("alice", send(channelId, "m2", "again"))).isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.messages).hasSize(1);
    }

    @Test
    void send_whenResentOverTheLimit_isRateLimitedAndPublishesNothing() {
        var channelId = fixture.groupWith("alice", "bob");
        var strict = limitedTo(1);
        strict.send("alice", send(channelId, "m1", "hello"));

        assertThatThrownBy(() -> strict.send("alice", send(channelId, "m1", "hello"))).isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(1);
    }

    @Test
    void send_whenResentWithSameClientMsgId_answersTheOriginalAckWithoutPublishingAgain() {
        var channelId = fixture.groupWith("alice", "bob");

        var first = fixture.messages.send("alice", send(channelId, "m1", "hello"));
        var second = fixture.messages.send("alice", send(channelId, "m1", "hello again"));
        var third = fixture.messages.send("alice", send(channelId, "m1", "hello again"));

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(fixture.chat.messages).hasSize(1);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).singleElement()
                .satisfies(event -> assertThat(event.eventId()).isEqualTo("posted:" + channelId + ":1"));
    }

    @Test
    void send_whenTwoUsersShareAClientMsgId_storesBoth() {
        var channelId = fixture.groupWith("alice", "bob");

        var alice = fixture.messages.send("alice", send(channelId, "same", "a"));
        var bob = fixture.messages.send("bob", send(channelId, "same", "b"));

        assertThat(List.of(alice.seq(), bob.seq())).containsExactly(1L, 2L);
    }

    @Test
    void send_whenCallerIsNotAMember_isForbiddenAndWritesNothing() {
        var channelId = fixture.groupWith("alice");

        assertThatThrownBy(() -> fixture.messages.send("mallory", send(channelId, "m1", "hi")))
                .isInstanceOf(ForbiddenException.class);
        assertThat(fixture.chat.messages).isEmpty();
        assertThat(fixture.chat.published).isEmpty();
    }

    @Test
    void send_whenTextMentionsMembersAndOthers_storesTheMembersInTheOrderNamed() {
        var channelId = fixture.groupWith("alice", "bob", "carol");

        var ack = fixture.messages.send("alice", send(channelId, "m1", "<@carol> and <@bob>, not <@mallory>; <@carol> mail@bob @bob"));

        var expected = new Mentions(List.of("carol", "bob"), false, false);
        assertThat(ack.mentions()).isEqualTo(expected);
        assertThat(fixture.chat.messageStore.find(channelId, 1)).get().extracting(Message::mentions).isEqualTo(expected);
        var frame = fixture.chat.published(Event.MESSAGE_POSTED).getFirst().frame();
        assertThat(Json.write(frame.get("mentions"))).isEqualTo("{\"userIds\":[\"carol\",\"bob\"],\"here\":false,\"channel\":false}");
    }

    @Test
    void send_whenTextMentionsMoreUsersThanTheMost_isBadRequestAndWritesNothing() {
        var channelId = fixture.groupWith("alice", "bob");
        var text = new StringBuilder();
        for (int i = 0; i <= Limits.MAX_MENTIONS; i++) {
            text.append("<@user").append(i).append("> ");
        }

        assertThatThrownBy(() -> fixture.messages.send("alice", send(channelId, "m1", text.toString())))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("at most " + Limits.MAX_MENTIONS);
        assertThat(fixture.chat.messages).isEmpty();
    }

    @Test
    void send_whenAMemberMentionsEveryoneInALargeChannel_isForbiddenButAnOwnerMay() {
        var others = new ArrayList<String>();
        for (int i = 0; i < NotifyService.LARGE_CHANNEL_MEMBERS; i++) {
            others.add("user" + i);
        }
        var channelId = fixture.groupWith("owner", others.toArray(String[]::new));

        for (var everyone : List.of("<!here>", "<!channel>")) {
            assertThatThrownBy(() -> fixture.messages.send("user1", send(channelId, "m-" + everyone, everyone + " lunch")))
                    .isInstanceOf(ForbiddenException.class);
        }
        var ack = fixture.messages.send("owner", send(channelId, "m1", "<!channel> release at noon"));

        assertThat(fixture.chat.messages).hasSize(1);
        assertThat(ack.mentions()).isEqualTo(new Mentions(List.of(), false, true));
    }

    @Test
    void send_whenAMemberMentionsHereInASmallChannel_storesIt() {
        var channelId = fixture.groupWith("alice", "bob");

        var ack = fixture.messages.send("bob", send(channelId, "m1", "<!here> standup"));

        assertThat(ack.mentions()).isEqualTo(new Mentions(List.of(), true, false));
    }

    @Test
    void edit_whenTheTextNamesOthers_keepsTheMentionsOfTheSend() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        fixture.messages.send("alice", send(channelId, "m1", "hi <@bob>"));

        fixture.messages.edit("alice", new Action.EditMessage(channelId, 1, "hi <@carol>"));

        assertThat(fixture.chat.messageStore.find(channelId, 1)).get().extracting(m -> m.mentions().userIds())
                .isEqualTo(List.of("bob"));
    }

    @Test
    void send_whenPublishFails_answersDeliveryPendingAndTheRetryDelivers() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.chat.failPublishing = true;

        assertThatThrownBy(() -> fixture.messages.send("alice", send(channelId, "m1", "hi")))
                .isInstanceOf(DeliveryPendingException.class);
        fixture.chat.failPublishing = false;
        var ack = fixture.messages.send("alice", send(channelId, "m1", "hi"));
        var again = fixture.messages.send("alice", send(channelId, "m1", "hi"));

        assertThat(ack.seq()).isEqualTo(1);
        assertThat(again).isEqualTo(ack);
        assertThat(fixture.chat.messages).hasSize(1);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(1);
    }

    @Test
    void send_whenTheResentPublishFailsToo_staysPendingUntilOneResendDelivers() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.chat.failPublishing = true;

        assertThatThrownBy(() -> fixture.messages.send("alice", send(channelId, "m1", "hi")))
                .isInstanceOf(DeliveryPendingException.class);
        assertThatThrownBy(() -> fixture.messages.send("alice", send(channelId, "m1", "hi")))
                .isInstanceOf(DeliveryPendingException.class);
        fixture.chat.failPublishing = false;
        fixture.messages.send("alice", send(channelId, "m1", "hi"));
        fixture.messages.send("alice", send(channelId, "m1", "hi"));

        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(1);
    }

    private static Action.SendMessage attaching(String channelId, String clientMsgId, String... keys) {
        return new Action.SendMessage(channelId, clientMsgId, "", List.of(keys), null);
    }

    @Test
    void send_whenAttachmentIsOutsideTheChannel_isForbidden() {
        var channelId = fixture.groupWith("alice");
        var other = fixture.groupWith("alice");
        var elsewhere = fixture.uploaded("alice", other, "a.png", 10, "image/png");

        assertThatThrownBy(() -> fixture.messages.send("alice", attaching(channelId, "m1", elsewhere)))
                .isInstanceOf(ForbiddenException.class);
        var foreign = "attachments/c-other/aaaaaaaaaaaaaaaaaaaa/a.png";
        assertThatThrownBy(() -> fixture.messages.send("alice", attaching(channelId, "m2", foreign)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void send_whenAttachingAnotherMembersUpload_isForbiddenAndTheirObjectStays() {
        var channelId = fixture.groupWith("alice", "bob");
        var bobs = fixture.uploaded("bob", channelId, "plan.pdf", 10, "application/pdf");

        assertThatThrownBy(() -> fixture.messages.send("alice", attaching(channelId, "m1", bobs)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(fixture.chat.messages).isEmpty();
        assertThat(fixture.chat.objects).containsOnlyKeys(bobs);
    }

    @Test
    void send_whenAttachingAnAttachedObject_isForbidden() {
        var channelId = fixture.groupWith("alice", "bob");
        var upload = fixture.uploaded("bob", channelId, "plan.pdf", 10, "application/pdf");
        var attached = fixture.messages.send("bob", attaching(channelId, "b1", upload));
        var bobsObject = fixture.chat.messages.get(channelId + "|" + attached.seq()).attachments().getFirst();

        assertThatThrownBy(() -> fixture.messages.send("alice", attaching(channelId, "m1", bobsObject)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void send_whenAttachmentWasNotUploaded_isBadRequest() {
        var channelId = fixture.groupWith("alice");
        var key = fixture.attachments.requestUpload("alice", channelId, "a.png", "image/png", 10).key();

        assertThatThrownBy(() -> fixture.messages.send("alice", attaching(channelId, "m1", key)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void send_whenTheUploadBreaksTheRules_isBadRequest() {
        var channelId = fixture.groupWith("alice");
        var key = fixture.attachments.requestUpload("alice", channelId, "a.png", "image/png", 10).key();
        fixture.chat.objects.put(key, new ObjectStore.ObjectInfo(key, 10, "text/html"));

        assertThatThrownBy(() -> fixture.messages.send("alice", attaching(channelId, "m1", key)))
                .isInstanceOf(BadRequestException.class);
        assertThat(fixture.chat.messages).isEmpty();
    }

    @Test
    void send_whenAttaching_copiesTheUploadToAKeyOfTheMessageThatTheUploadUrlCannotWrite() {
        var channelId = fixture.groupWith("alice", "bob");
        var upload = fixture.uploaded("alice", channelId, "a.png", 10, "image/png");

        var ack = fixture.messages.send("alice", attaching(channelId, "m1", upload));
        fixture.chat.objects.put(upload, new ObjectStore.ObjectInfo(upload, 20, "image/png"));

        var stored = fixture.chat.messages.get(channelId + "|" + ack.seq());
        var attached = stored.attachments().getFirst();
        assertThat(attached).startsWith(AttachmentService.attachmentPrefix(channelId)).contains(ack.messageId()).endsWith("/a.png");
        assertThat(fixture.chat.objects.get(attached).size()).isEqualTo(10);
        assertThat(fixture.attachments.downloadUrl("bob", channelId, attached).url()).contains(attached);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).singleElement()
                .satisfies(event -> assertThat(event.frame().get("attachments").get(0).get("key").asText()).isEqualTo(attached));
    }

    @Test
    void send_whenOneUploadIsAttachedToTwoMessages_eachHasItsOwnCopy() {
        var channelId = fixture.groupWith("alice");
        var upload = fixture.uploaded("alice", channelId, "a.png", 10, "image/png");

        var first = fixture.messages.send("alice", attaching(channelId, "m1", upload));
        var second = fixture.messages.send("alice", attaching(channelId, "m2", upload));
        fixture.messages.delete("alice", new Action.DeleteMessage(channelId, first.seq()));

        var kept = fixture.chat.messages.get(channelId + "|" + second.seq()).attachments().getFirst();
        assertThat(fixture.chat.objects).containsOnlyKeys(upload, kept);
    }

    @Test
    void send_whenReplyingToAReply_joinsTheRootThread() {
        var channelId = fixture.groupWith("alice");
        fixture.messages.send("alice", send(channelId, "root", "root"));
        fixture.messages.send("alice", new Action.SendMessage(channelId, "r1", "reply", List.of(), 1L));

        var ack = fixture.messages.send("alice", new Action.SendMessage(channelId, "r2", "reply to reply", List.of(), 2L));

        assertThat(fixture.chat.messages.get(channelId + "|" + ack.seq()).threadSeq()).isEqualTo(1L);
        assertThatThrownBy(() -> fixture.messages.send("alice", new Action.SendMessage(channelId, "r3", "x", List.of(), 99L)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void send_whenOverTheRateLimit_isRateLimitedUntilTheNextMinute() {
        var channelId = fixture.groupWith("alice");
        var strict = limitedTo(2);
        strict.send("alice", send(channelId, "a", "1"));
        strict.send("alice", send(channelId, "b", "2"));

        assertThatThrownBy(() -> strict.send("alice", send(channelId, "c", "3"))).isInstanceOf(RateLimitedException.class);
        fixture.clock.advance(Duration.ofMinutes(1));
        assertThat(strict.send("alice", send(channelId, "c", "3")).seq()).isEqualTo(3);
    }

    @Test
    void send_whenRetentionIsSet_storesAnExpiry() {
        var channelId = fixture.groupWith("alice");
        var retaining = new MessageService(fixture.chat.channelStore, fixture.chat.memberStore, fixture.chat.messageStore,
                fixture.chat.objectStore, fixture.chat.eventPublisher, fixture.chat.throttleStore, fixture.rateLimiter, fixture.clock,
                Duration.ofDays(30));

        retaining.send("alice", send(channelId, "a", "1"));

        assertThat(fixture.chat.messages.get(channelId + "|1").expiresAt())
                .isEqualTo(fixture.clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
    }

    @Test
    void edit_whenCallerIsNotTheSender_isForbidden() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "m1", "hi"));

        assertThatThrownBy(() -> fixture.messages.edit("bob", new Action.EditMessage(channelId, 1, "pwned")))
                .isInstanceOf(ForbiddenException.class);
        assertThat(fixture.chat.messages.get(channelId + "|1").text()).isEqualTo("hi");
    }

    @Test
    void edit_whenSenderEdits_storesAndPublishes() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "m1", "hi"));

        var ack = fixture.messages.edit("alice", new Action.EditMessage(channelId, 1, "hello"));

        assertThat(ack.seq()).isEqualTo(1);
        assertThat(fixture.chat.messages.get(channelId + "|1").text()).isEqualTo("hello");
        assertThat(fixture.chat.published(Event.MESSAGE_EDITED)).singleElement()
                .satisfies(event -> assertThat(event.frame().get("text").asText()).isEqualTo("hello"));
    }

    @Test
    void delete_whenOwnerDeletesAnothersMessage_leavesATombstoneAndDeletesAttachments() {
        var channelId = fixture.groupWith("owner", "bob");
        var upload = fixture.uploaded("bob", channelId, "a.png", 10, "image/png");
        fixture.messages.send("bob", new Action.SendMessage(channelId, "m1", "secret", List.of(upload), null));
        var attached = fixture.chat.messages.get(channelId + "|1").attachments().getFirst();

        fixture.messages.delete("owner", new Action.DeleteMessage(channelId, 1));
        fixture.messages.delete("owner", new Action.DeleteMessage(channelId, 1));

        var tombstone = fixture.chat.messages.get(channelId + "|1");
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.text()).isEmpty();
        assertThat(fixture.chat.objects).doesNotContainKey(attached);
        assertThatThrownBy(() -> fixture.messages.edit("bob", new Action.EditMessage(channelId, 1, "again")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void delete_whenTheMessageListsAnotherUsersObject_deletesOnlyTheSendersOwn() {
        var channelId = fixture.groupWith("alice", "bob");
        var bobsUpload = fixture.uploaded("bob", channelId, "b.png", 10, "image/png");
        fixture.messages.send("bob", attaching(channelId, "b1", bobsUpload));
        var bobsObject = fixture.chat.messages.get(channelId + "|1").attachments().getFirst();
        var alicesUpload = fixture.uploaded("alice", channelId, "a.png", 10, "image/png");
        fixture.messages.send("alice", attaching(channelId, "a1", alicesUpload));
        var alicesObject = fixture.chat.messages.get(channelId + "|2").attachments().getFirst();
        var listed = fixture.chat.messages.get(channelId + "|2");
        fixture.chat.messages.put(channelId + "|2", new Message(channelId, 2, listed.messageId(), "alice", "", List.of(alicesObject,
                bobsObject), listed.createdAt(), null, false, Map.of(), listed.clientMsgId(), null, null));

        fixture.messages.delete("alice", new Action.DeleteMessage(channelId, 2));

        assertThat(fixture.chat.objects).doesNotContainKey(alicesObject).containsKey(bobsObject);
    }

    @Test
    void delete_whenAMemberDeletesAnothersMessage_isForbidden() {
        var channelId = fixture.groupWith("owner", "bob", "carol");
        fixture.messages.send("bob", send(channelId, "m1", "hi"));

        assertThatThrownBy(() -> fixture.messages.delete("carol", new Action.DeleteMessage(channelId, 1)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void react_whenAddedTwiceAndRemoved_isIdempotentAndPublishesEachChange() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", send(channelId, "m1", "hi"));

        fixture.messages.react("bob", new Action.React(channelId, 1, "👍", false));
        fixture.messages.react("bob", new Action.React(channelId, 1, "👍", false));
        assertThat(fixture.chat.messages.get(channelId + "|1").reactions()).containsEntry("👍", java.util.Set.of("bob"));

        fixture.messages.react("bob", new Action.React(channelId, 1, "👍", true));
        assertThat(fixture.chat.messages.get(channelId + "|1").reactions()).isEmpty();
        assertThat(fixture.chat.published(Event.REACTION_CHANGED)).hasSize(3);
    }

    @Test
    void react_whenTheMessageHasTheMostEmojiOrTheEmojiTheMostUsers_isAConflictNamingTheLimit() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m1", "hi", List.of(), null));
        for (int i = 0; i < Limits.MAX_REACTION_EMOJI; i++) {
            fixture.messages.react("bob", new Action.React(channelId, 1, "e" + i, false));
        }
        var users = fixture.chat.messages.get(channelId + "|1").reactions().get("e0");
        var full = new java.util.HashMap<>(fixture.chat.messages.get(channelId + "|1").reactions());
        var crowd = new java.util.HashSet<>(users);
        for (int i = crowd.size(); i < Limits.MAX_REACTION_USERS; i++) {
            crowd.add("user" + i);
        }
        full.put("e0", crowd);
        var stored = fixture.chat.messages.get(channelId + "|1");
        fixture.chat.messages.put(channelId + "|1", new Message(channelId, 1, stored.messageId(), "alice", "hi", List.of(),
                stored.createdAt(), null, false, full, "m1", null, null));

        assertThatThrownBy(() -> fixture.messages.react("alice", new Action.React(channelId, 1, "new", false)))
                .isInstanceOf(ConflictException.class).hasMessageContaining(Limits.MAX_REACTION_EMOJI + " different reactions");
        assertThatThrownBy(() -> fixture.messages.react("alice", new Action.React(channelId, 1, "e0", false)))
                .isInstanceOf(ConflictException.class).hasMessageContaining(Limits.MAX_REACTION_USERS + " reactions with e0");
        fixture.messages.react("alice", new Action.React(channelId, 1, "e1", false));
        fixture.messages.react("bob", new Action.React(channelId, 1, "e0", false));
    }

    @Test
    void react_whenMessageIsMissing_isNotFound() {
        var channelId = fixture.groupWith("alice");

        assertThatThrownBy(() -> fixture.messages.react("alice", new Action.React(channelId, 5, "👍", false)))
                .isInstanceOf(NotFoundException.class);
    }
}
