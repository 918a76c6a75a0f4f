package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.NotificationLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pushes as each member's notification preferences for the channel allow, at the moment of notify's clock. */
class NotifyServicePreferencesTest {

    private static final Duration REDELIVERY = Duration.ofSeconds(360 * 5 + 5);

    private final ChatFixture fixture = new ChatFixture();
    private final NotifyService notify = new NotifyService(fixture.chat.channelStore, fixture.chat.memberStore,
            fixture.chat.presenceStore, fixture.chat.deviceStore, fixture.chat.throttleStore, fixture.chat.pushGateway,
            fixture.chat.delayedQueue, fixture.clock, REDELIVERY);
    private int sent;

    private String post(String channelId, String senderId, String text) {
        fixture.messages.send(senderId, new Action.SendMessage(channelId, "m" + sent++, text, List.of(), null));
        return Json.write(fixture.chat.published(Event.MESSAGE_POSTED).getLast().toJson());
    }

    private void set(String channelId, String userId, NotificationLevel level, Long mutedUntil) {
        fixture.channels.setNotifications(userId, new Action.SetNotifications(channelId, level, mutedUntil));
    }

    private List<String> pushesTo(String userId) {
        return fixture.chat.notifications.stream().filter(n -> n.contains("\"userId\":\"" + userId + "\"")).toList();
    }

    private List<String> summariesTo(String userId) {
        return pushesTo(userId).stream().filter(n -> n.contains("\"kind\":\"summary\"")).toList();
    }

    /** Hands every record put on the queue back to the service once its delay has passed, as SQS would. */
    private void deliverDueRecords() {
        var longest = fixture.chat.delayed.stream().mapToInt(InMemoryChat.Delayed::delaySeconds).max().orElse(0);
        fixture.clock.advance(Duration.ofSeconds(longest));
        fixture.chat.delayed.forEach(record -> notify.notify(record.body()));
    }

    @Test
    void notify_whenAMemberChoseNone_pushesThemNothingAndTheOthersAsBefore() {
        var channelId = fixture.groupWith("alice", "bob", "carol");
        set(channelId, "bob", NotificationLevel.NONE, null);

        var notified = notify.notify(post(channelId, "alice", "<@bob> hello"));

        assertThat(notified.pushed()).isEqualTo(1);
        assertThat(pushesTo("bob")).isEmpty();
        assertThat(pushesTo("carol")).hasSize(1);
    }

    @Test
    void notify_whenAMemberChoseMentions_pushesOnlyTheMessagesThatMentionThem() {
        var channelId = fixture.groupWith("alice", "bob");
        set(channelId, "bob", NotificationLevel.MENTIONS, null);

        var plain = notify.notify(post(channelId, "alice", "lunch?"));
        var here = notify.notify(post(channelId, "alice", "<!here> anyone?"));
        var mention = notify.notify(post(channelId, "alice", "<@bob> lunch?"));

        assertThat(plain.pushed()).isZero();
        assertThat(plain.coalesced()).isZero();
        assertThat(here.pushed()).isZero();
        assertThat(mention.pushed()).isEqualTo(1);
        assertThat(pushesTo("bob")).singleElement().satisfies(n -> assertThat(n).contains("\"kind\":\"mention\""));
    }

    @Test
    void notify_whenAMemberAtMentionsIsCalledWithChannel_pushesThem() {
        var channelId = fixture.groupWith("alice", "bob");
        set(channelId, "bob", NotificationLevel.MENTIONS, null);

        assertThat(notify.notify(post(channelId, "alice", "<!channel> release at noon")).pushed()).isEqualTo(1);
    }

    @Test
    void notify_whileAMuteLasts_pushesNothingAndAfterItEndsPushesAgain() {
        var channelId = fixture.groupWith("alice", "bob");
        var until = fixture.clock.millis() + Duration.ofHours(1).toMillis();
        set(channelId, "bob", NotificationLevel.ALL, until);

        var muted = notify.notify(post(channelId, "alice", "<@bob> are you there?"));
        fixture.clock.advance(Duration.ofMinutes(59));
        var stillMuted = notify.notify(post(channelId, "alice", "hello?"));
        fixture.clock.advance(Duration.ofMinutes(1));
        var over = notify.notify(post(channelId, "alice", "back?"));

        assertThat(muted.pushed()).isZero();
        assertThat(muted.coalesced()).isZero();
        assertThat(stillMuted.pushed()).isZero();
        assertThat(over.pushed()).isEqualTo(1);
        assertThat(fixture.chat.delayed).isEmpty();
    }

    @Test
    void notify_whenTheMuteIsAlreadyOver_pushesAsTheLevelSays() {
        var channelId = fixture.groupWith("alice", "bob");
        set(channelId, "bob", NotificationLevel.MENTIONS, fixture.clock.millis() - 1);

        assertThat(notify.notify(post(channelId, "alice", "plain")).pushed()).isZero();
        assertThat(notify.notify(post(channelId, "alice", "<@bob> you")).pushed()).isEqualTo(1);
    }

    @Test
    void notify_whenAMentionedMemberOfALargeChannelChoseNoneOrIsMuted_pushesOnlyTheOthers() {
        var channelId = fixture.groupWith("alice", ChatFixture.largeChannelMembers().toArray(String[]::new));
        set(channelId, "user1", NotificationLevel.NONE, null);
        set(channelId, "user2", NotificationLevel.MENTIONS, fixture.clock.millis() + 60_000);
        set(channelId, "user3", NotificationLevel.MENTIONS, null);

        var notified = notify.notify(post(channelId, "alice", "<@user1> <@user2> <@user3> <@user4> review please"));

        assertThat(notified.pushed()).isEqualTo(2);
        assertThat(pushesTo("user3")).hasSize(1);
        assertThat(pushesTo("user4")).hasSize(1);
    }

    @Test
    void notify_whenTheOwnerCallsTheLargeChannel_skipsThoseWhoChoseNone() {
        var others = ChatFixture.largeChannelMembers();
        var channelId = fixture.groupWith("alice", others.toArray(String[]::new));
        set(channelId, "user1", NotificationLevel.NONE, null);
        set(channelId, "user2", NotificationLevel.MENTIONS, null);

        var notified = notify.notify(post(channelId, "alice", "<!channel> release at noon"));

        assertThat(notified.pushed()).isEqualTo(others.size() - 1);
        assertThat(pushesTo("user1")).isEmpty();
        assertThat(pushesTo("user2")).hasSize(1);
    }

    @Test
    void notify_whenAMemberAtMentionsHadMentionsAndOtherMessagesHeldBack_summarizesOnlyTheMentions() {
        var channelId = fixture.groupWith("alice", "bob");
        notify.notify(post(channelId, "alice", "first"));
        notify.notify(post(channelId, "alice", "<@bob> one"));
        notify.notify(post(channelId, "alice", "two"));
        notify.notify(post(channelId, "alice", "<@bob> three"));
        set(channelId, "bob", NotificationLevel.MENTIONS, null);

        deliverDueRecords();

        assertThat(summariesTo("bob")).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(2));
    }

    @Test
    void notify_whenAMemberAtMentionsHadOnlyOtherMessagesHeldBack_sendsNoSummary() {
        var channelId = fixture.groupWith("alice", "bob");
        notify.notify(post(channelId, "alice", "first"));
        notify.notify(post(channelId, "alice", "two"));
        notify.notify(post(channelId, "alice", "three"));
        set(channelId, "bob", NotificationLevel.MENTIONS, null);

        deliverDueRecords();

        assertThat(summariesTo("bob")).isEmpty();
    }

    @Test
    void notify_whenAMemberAtMentionsIsMentionedSeveralTimesInAWindow_summarizesTheHeldBackMentions() {
        var channelId = fixture.groupWith("alice", "bob");
        set(channelId, "bob", NotificationLevel.MENTIONS, null);
        notify.notify(post(channelId, "alice", "<@bob> first"));
        notify.notify(post(channelId, "alice", "between"));
        notify.notify(post(channelId, "alice", "<@bob> second"));
        notify.notify(post(channelId, "alice", "<@bob> third"));

        deliverDueRecords();

        assertThat(pushesTo("bob")).hasSize(2);
        assertThat(summariesTo("bob")).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(2));
    }

    @Test
    void notify_whenTheMemberChoseNoneBeforeTheSummaryWasDue_sendsNoSummary() {
        var channelId = fixture.groupWith("alice", "bob");
        notify.notify(post(channelId, "alice", "first"));
        notify.notify(post(channelId, "alice", "second"));
        set(channelId, "bob", NotificationLevel.NONE, null);

        deliverDueRecords();

        assertThat(summariesTo("bob")).isEmpty();
    }

    @Test
    void notify_whenTheMemberMutedBeyondTheSummarysDueTime_sendsNoSummary() {
        var channelId = fixture.groupWith("alice", "bob");
        notify.notify(post(channelId, "alice", "first"));
        notify.notify(post(channelId, "alice", "second"));
        set(channelId, "bob", NotificationLevel.ALL, fixture.clock.millis() + Duration.ofHours(8).toMillis());

        deliverDueRecords();

        assertThat(summariesTo("bob")).isEmpty();
    }

    @Test
    void notify_whenAMuteEndsBeforeTheSummaryIsDue_sendsTheSummary() {
        var channelId = fixture.groupWith("alice", "bob");
        notify.notify(post(channelId, "alice", "first"));
        notify.notify(post(channelId, "alice", "second"));
        set(channelId, "bob", NotificationLevel.ALL, fixture.clock.millis() + 10_000);

        deliverDueRecords();

        assertThat(summariesTo("bob")).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(1));
    }

    @Test
    void notify_whenTheSummaryPushFailsForAMemberAtMentions_putsBothCountsBackForTheRetry() {
        var channelId = fixture.groupWith("alice", "bob");
        set(channelId, "bob", NotificationLevel.MENTIONS, null);
        notify.notify(post(channelId, "alice", "<@bob> first"));
        notify.notify(post(channelId, "alice", "<@bob> second"));
        var record = fixture.chat.delayed.getFirst().body();
        fixture.clock.advance(NotifyService.COALESCING_WINDOW.plusSeconds(1));
        fixture.chat.failNotificationsFor.add("bob");

        assertThatThrownBy(() -> notify.notify(record)).isInstanceOf(IllegalStateException.class);
        fixture.chat.failNotificationsFor.clear();
        var retried = notify.notify(record);

        assertThat(retried.summaries()).isEqualTo(1);
        assertThat(summariesTo("bob")).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(1));
    }
}
