package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Event;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ChannelKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary push of a coalescing window: what the window held back, pushed once when it closes. */
class NotifyServiceSummaryTest {

    private static final Duration REDELIVERY = Duration.ofSeconds(360 * 5 + 5);
    private static final long WINDOW = NotifyService.COALESCING_WINDOW.toSeconds();

    private final ChatFixture fixture = new ChatFixture();
    private final NotifyService notify = new NotifyService(fixture.chat.channelStore, fixture.chat.memberStore,
            fixture.chat.presenceStore, fixture.chat.deviceStore, fixture.chat.throttleStore, fixture.chat.pushGateway,
            fixture.chat.delayedQueue, fixture.clock, REDELIVERY);
    private int sent;

    private String channel(ChannelKind kind, String name, String... userIds) {
        var channelId = "c-" + name + fixture.chat.channels.size();
        fixture.chat.channelStore.create(new Channel(channelId, name, kind, userIds[0], 0, 0, userIds.length),
                java.util.Arrays.stream(userIds).map(u -> new Member(channelId, u, Member.MEMBER, 0, 0, false)).toList());
        return channelId;
    }

    private String post(String channelId, String senderId) {
        fixture.messages.send(senderId, new Action.SendMessage(channelId, "m" + sent++, "hello " + sent, List.of(), null));
        return Json.write(fixture.chat.published(Event.MESSAGE_POSTED).getLast().toJson());
    }

    private List<String> summaries() {
        return fixture.chat.notifications.stream().filter(n -> n.contains("\"kind\":\"summary\"")).toList();
    }

    /** Hands every record put on the queue back to the service once its delay has passed, as SQS would. */
    private void deliverDueRecords() {
        var longest = fixture.chat.delayed.stream().mapToInt(InMemoryChat.Delayed::delaySeconds).max().orElse(0);
        fixture.clock.advance(Duration.ofSeconds(longest));
        fixture.chat.delayed.forEach(record -> notify.notify(record.body()));
    }

    @Test
    void notify_whenAWindowHeldMessagesBack_pushesOneSummaryWhenItCloses() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");

        notify.notify(post(channelId, "alice"));
        var held = List.of(notify.notify(post(channelId, "alice")), notify.notify(post(channelId, "alice")),
                notify.notify(post(channelId, "alice")));

        assertThat(held).allSatisfy(n -> assertThat(n.coalesced()).isEqualTo(1));
        assertThat(fixture.chat.delayed).singleElement().satisfies(record -> assertThat(record.delaySeconds()).isEqualTo(WINDOW + 1));
        assertThat(summaries()).isEmpty();
        fixture.clock.advance(Duration.ofSeconds(WINDOW + 1));
        var summary = notify.notify(fixture.chat.delayed.getFirst().body());

        assertThat(summary.summaries()).isEqualTo(1);
        assertThat(summaries()).singleElement().satisfies(n -> {
            var json = Json.parseTrusted(n);
            assertThat(json.get("userId").asText()).isEqualTo("bob");
            assertThat(json.get("count").asLong()).isEqualTo(3);
            assertThat(json.get("preview").asText()).isEqualTo("3 new messages in #general");
        });
    }

    @Test
    void notify_whenOnlyTheFirstMessageCameInTheWindow_schedulesNoSummary() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");

        notify.notify(post(channelId, "alice"));

        assertThat(fixture.chat.delayed).isEmpty();
    }

    @Test
    void notify_whenLaterMessagesComeCloserToTheWindowsEnd_delaysTheSummaryToTheSameEnd() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob", "carol");

        notify.notify(post(channelId, "alice"));
        fixture.clock.advance(Duration.ofSeconds(40));
        notify.notify(post(channelId, "alice"));

        assertThat(fixture.chat.delayed).hasSize(2).allSatisfy(record -> assertThat(record.delaySeconds()).isEqualTo(WINDOW - 40 + 1));
    }

    @Test
    void notify_whenTheChannelIsDirect_namesTheSender() {
        var channelId = channel(ChannelKind.DIRECT, "", "alice", "bob");

        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        deliverDueRecords();

        assertThat(summaries()).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("preview").asText())
                .isEqualTo("2 new messages from alice"));
    }

    @Test
    void notify_whenAHeldBackMessageIsRedelivered_countsItOnce() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        var held = post(channelId, "alice");

        notify.notify(held);
        fixture.clock.advance(Duration.ofSeconds(10));
        notify.notify(held);
        deliverDueRecords();

        assertThat(summaries()).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(1));
    }

    @Test
    void notify_whenTheSummaryRecordIsRedelivered_pushesTheSummaryOnce() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        var record = fixture.chat.delayed.getFirst().body();
        fixture.clock.advance(Duration.ofSeconds(WINDOW + 1));

        var first = notify.notify(record);
        fixture.clock.advance(Duration.ofSeconds(360));
        var again = notify.notify(record);

        assertThat(first.summaries()).isEqualTo(1);
        assertThat(again.summaries()).isZero();
        assertThat(summaries()).hasSize(1);
    }

    @Test
    void notify_whenTheSummaryPushFails_keepsTheCountForTheRetry() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        var record = fixture.chat.delayed.getFirst().body();
        fixture.clock.advance(Duration.ofSeconds(WINDOW + 1));
        fixture.chat.failNotificationsFor.add("bob");

        assertThatThrownBy(() -> notify.notify(record)).isInstanceOf(IllegalStateException.class);
        fixture.chat.failNotificationsFor.clear();
        fixture.clock.advance(Duration.ofSeconds(360));
        notify.notify(record);
        notify.notify(record);

        assertThat(summaries()).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(2));
    }

    @Test
    void notify_whenPuttingTheSummaryOnTheQueueFails_theRetryOfTheEventPutsItThereWithoutCountingTwice() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        var held = post(channelId, "alice");
        fixture.chat.failDelayedSends = true;

        assertThatThrownBy(() -> notify.notify(held)).isInstanceOf(IllegalStateException.class);
        fixture.chat.failDelayedSends = false;
        fixture.clock.advance(Duration.ofSeconds(5));
        notify.notify(held);
        deliverDueRecords();

        assertThat(summaries()).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(1));
    }

    @Test
    void notify_whenCountingFails_theRetryOfTheEventCountsIt() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        var windowEnd = fixture.clock.millis() / 1000 + WINDOW;
        var held = post(channelId, "alice");
        var counter = "held#bob#" + channelId + "#" + windowEnd;
        fixture.chat.failingCounters.add(counter);

        assertThatThrownBy(() -> notify.notify(held)).isInstanceOf(IllegalStateException.class);
        fixture.chat.failingCounters.clear();
        notify.notify(held);
        deliverDueRecords();

        assertThat(summaries()).singleElement().satisfies(n -> assertThat(Json.parseTrusted(n).get("count").asLong()).isEqualTo(1));
    }

    @Test
    void notify_whenTheUserCameOnlineBeforeTheWindowClosed_pushesNoSummary() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        fixture.connections.connect("conn-bob", "bob");

        deliverDueRecords();

        assertThat(summaries()).isEmpty();
    }

    @Test
    void notify_whenTheUserReadTheChannelBeforeTheWindowClosed_pushesNoSummary() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        fixture.channels.markRead("bob", channelId, fixture.chat.channels.get(channelId).lastSeq());

        deliverDueRecords();

        assertThat(summaries()).isEmpty();
    }

    @Test
    void notify_whenTheUserMutedTheChannelBeforeTheWindowClosed_pushesNoSummary() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        fixture.setMuted(channelId, "bob");

        deliverDueRecords();

        assertThat(summaries()).isEmpty();
    }

    @Test
    void notify_whenTheNextWindowOpensBeforeTheSummaryArrives_keepsEachWindowsCountApart() {
        var channelId = channel(ChannelKind.GROUP, "general", "alice", "bob");
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        fixture.clock.advance(Duration.ofSeconds(WINDOW + 1));
        var opening = notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));
        notify.notify(post(channelId, "alice"));

        deliverDueRecords();

        assertThat(opening.pushed()).isEqualTo(1);
        assertThat(fixture.chat.delayed).hasSize(2);
        assertThat(summaries()).extracting(n -> Json.parseTrusted(n).get("count").asLong()).containsExactly(1L, 2L);
    }

    @Test
    void notify_whenASummaryRecordLacksItsWindow_rejectsItAsPoison() {
        var record = "{\"v\":1,\"type\":\"" + NotifyService.SUMMARY_DUE + "\",\"userId\":\"bob\",\"channelId\":\"c-1\","
                + "\"senderId\":\"alice\"}";

        assertThatThrownBy(() -> notify.notify(record)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void summaryText_whenOneOrMany_countsInWords() {
        assertThat(NotifyService.summaryText(ChannelKind.GROUP, "general", "alice", 1)).isEqualTo("1 new message in #general");
        assertThat(NotifyService.summaryText(ChannelKind.PRIVATE, "ops", "alice", 4)).isEqualTo("4 new messages in #ops");
        assertThat(NotifyService.summaryText(ChannelKind.DIRECT, "", "alice", 2)).isEqualTo("2 new messages from alice");
    }
}
