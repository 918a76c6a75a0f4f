package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.DeliveryPendingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishRecoveryServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    private static final Duration PAST_GRACE = PublishRecoveryService.GRACE.plusSeconds(1);

    /** Stores a send as the send-message function does, then stops: the function died before its publish. */
    private Message storeAndDie(String channelId, String senderId, String clientMsgId) {
        var seq = fixture.chat.messageStore.allocate(channelId, fixture.clock.millis()).orElseThrow();
        var message = new Message(channelId, seq, "m-" + seq, senderId, "lost in flight", List.of(), fixture.clock.millis(), null,
                false, Map.of(), clientMsgId, null, null);
        fixture.chat.messageStore.write(message, MessageService.dedupKey(channelId, senderId, clientMsgId), 0L);
        return message;
    }

    private void deliverPublished() {
        for (var event : fixture.chat.published(Event.MESSAGE_POSTED)) {
            fixture.fanout.deliver(Json.write(event.toJson()));
        }
    }

    @Test
    void recover_whenTheSendDiedBetweenItsWriteAndItsPublish_publishesItAndEveryMemberGetsIt() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        fixture.connections.connect("b1", "bob");
        fixture.connections.connect("c1", "carol");
        var lost = storeAndDie(channelId, "alice", "x1");
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).isEmpty();

        fixture.clock.advance(PAST_GRACE);
        var recovered = fixture.recovery.recover();
        deliverPublished();

        assertThat(recovered).isEqualTo(new PublishRecoveryService.Recovered(1, 1));
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).singleElement()
                .satisfies(event -> assertThat(event.eventId()).isEqualTo("posted:" + channelId + ":" + lost.seq()));
        for (var connection : List.of("b1", "c1")) {
            assertThat(fixture.chat.posted.get(connection)).filteredOn(frame -> frame.contains("\"seq\":" + lost.seq())).hasSize(1);
        }
        assertThat(fixture.recovery.recover().found()).isZero();
    }

    @Test
    void recover_whenThePublishFailed_publishesOnceTheGraceHasPassed() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.chat.failPublishing = true;
        assertThatThrownBy(() -> fixture.messages.send("alice", new Action.SendMessage(channelId, "x1", "hello", List.of(), null)))
                .isInstanceOf(DeliveryPendingException.class);
        fixture.chat.failPublishing = false;

        var young = fixture.recovery.recover();
        fixture.clock.advance(PAST_GRACE);
        var old = fixture.recovery.recover();

        assertThat(young.found()).isZero();
        assertThat(old.republished()).isEqualTo(1);
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).singleElement()
                .satisfies(event -> assertThat(event.frame().path("clientMsgId").asText()).isEqualTo("x1"));
    }

    @Test
    void recover_whenSendsWerePublishedAndReachedFanout_findsNothing() {
        var channelId = fixture.groupWith("alice", "bob");
        for (int i = 0; i < 5; i++) {
            fixture.messages.send("alice", new Action.SendMessage(channelId, "m" + i, "hello", List.of(), null));
        }
        deliverPublished();

        fixture.clock.advance(PAST_GRACE);
        var recovered = fixture.recovery.recover();

        assertThat(fixture.chat.pendingPublish).isEmpty();
        assertThat(recovered).isEqualTo(new PublishRecoveryService.Recovered(0, 0));
        assertThat(fixture.chat.published(Event.MESSAGE_POSTED)).hasSize(5);
    }

    @Test
    void recover_whenThePublishFailsAgain_keepsTheMarkForTheNextPass() {
        var channelId = fixture.groupWith("alice", "bob");
        storeAndDie(channelId, "alice", "x1");
        fixture.clock.advance(PAST_GRACE);
        fixture.chat.failPublishing = true;

        assertThatThrownBy(fixture.recovery::recover).isInstanceOf(PublishRecoveryService.RecoveryIncompleteException.class);
        fixture.chat.failPublishing = false;

        assertThat(fixture.recovery.recover().republished()).isEqualTo(1);
        assertThat(fixture.chat.pendingPublish).isEmpty();
    }

    @Test
    void recover_whenTheSenderResentAfterThePublishWasLost_publishesItOnce() {
        var channelId = fixture.groupWith("alice", "bob");
        storeAndDie(channelId, "alice", "x1");

        // A resend of a stored message answers the original ack without publishing: recovery owns the lost publish.
        var ack = fixture.messages.send("alice", new Action.SendMessage(channelId, "x1", "lost in flight", List.of(), null));
        deliverPublished();
        fixture.clock.advance(PAST_GRACE);

        assertThat(ack.seq()).isEqualTo(1L);
        assertThat(fixture.recovery.recover().republished()).isEqualTo(1);
        deliverPublished();
        assertThat(fixture.recovery.recover().found()).isZero();
    }
}
