package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.NotificationPreferences;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotificationLevel;
import dev.parley.core.protocol.RateLimitedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationPreferencesServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    private Results.NotificationsSet set(String userId, String channelId, NotificationLevel level, Long mutedUntil) {
        return fixture.channels.setNotifications(userId, new Action.SetNotifications(channelId, level, mutedUntil));
    }

    private Results.ChannelSummary listed(String userId, String channelId) {
        return fixture.channels.list(userId, null).page().items().stream()
                .filter(summary -> summary.channel().channelId().equals(channelId)).findFirst().orElseThrow();
    }

    @Test
    void set_whenAMemberSetsPreferences_storesThemAndAnswersThemAsStored() {
        var channelId = fixture.groupWith("alice", "bob");
        var until = fixture.clock.millis() + 3_600_000;

        var answered = set("bob", channelId, NotificationLevel.MENTIONS, until);

        assertThat(answered).isEqualTo(new Results.NotificationsSet(channelId, new NotificationPreferences(NotificationLevel.MENTIONS,
                until)));
        assertThat(fixture.chat.memberStore.find(channelId, "bob").orElseThrow().notifications()).isEqualTo(answered.notifications());
    }

    @Test
    void set_whenSentTwice_storesAndAnswersTheSame() {
        var channelId = fixture.groupWith("alice", "bob");

        var first = set("bob", channelId, NotificationLevel.NONE, null);
        var second = set("bob", channelId, NotificationLevel.NONE, null);

        assertThat(second).isEqualTo(first);
        assertThat(fixture.chat.memberStore.find(channelId, "bob").orElseThrow().notifications())
                .isEqualTo(new NotificationPreferences(NotificationLevel.NONE, null));
    }

    @Test
    void set_whenMutedUntilIsLeftOut_liftsTheMute() {
        var channelId = fixture.groupWith("alice", "bob");
        set("bob", channelId, NotificationLevel.ALL, fixture.clock.millis() + 60_000);

        var lifted = set("bob", channelId, NotificationLevel.ALL, null);

        assertThat(lifted.notifications().mutedUntil()).isNull();
        assertThat(listed("bob", channelId).muted()).isFalse();
    }

    @Test
    void set_whenTheMemberHasReadSomething_keepsTheReadPositionAndRole() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m1", "hello", List.of(), null));
        fixture.channels.markRead("bob", channelId, 1);

        set("bob", channelId, NotificationLevel.NONE, null);
        set("alice", channelId, NotificationLevel.MENTIONS, null);

        assertThat(fixture.chat.memberStore.find(channelId, "bob").orElseThrow().lastReadSeq()).isEqualTo(1);
        assertThat(fixture.chat.memberStore.find(channelId, "alice").orElseThrow().role()).isEqualTo(Member.OWNER);
    }

    @Test
    void set_whenTheCallerIsNotAMember_isForbiddenAndStoresNothing() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThatThrownBy(() -> set("mallory", channelId, NotificationLevel.NONE, null)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> set("mallory", "c-missing", NotificationLevel.NONE, null)).isInstanceOf(ForbiddenException.class);
        assertThat(fixture.chat.memberStore.find(channelId, "mallory")).isEmpty();
        assertThat(fixture.chat.published(Event.NOTIFICATIONS_CHANGED)).isEmpty();
    }

    @Test
    void set_whenStored_tellsTheMembersOwnConnectionsOnly() {
        var channelId = fixture.groupWith("alice", "bob");

        set("bob", channelId, NotificationLevel.MENTIONS, 5L);

        assertThat(fixture.chat.published(Event.NOTIFICATIONS_CHANGED)).singleElement().satisfies(event -> {
            assertThat(event.toMembers()).isFalse();
            assertThat(event.userIds()).containsExactly("bob");
            assertThat(event.channelId()).isEqualTo(channelId);
            assertThat(event.frame().get("type").asText()).isEqualTo("notificationsChanged");
            assertThat(event.frame().get("channelId").asText()).isEqualTo(channelId);
            assertThat(event.frame().get("notifications").get("level").asText()).isEqualTo("mentions");
            assertThat(event.frame().get("notifications").get("mutedUntil").asLong()).isEqualTo(5L);
        });
    }

    @Test
    void set_whenTheLimitIsReached_refusesWithoutStoring() {
        var channelId = fixture.groupWith("alice", "bob");
        var limited = new ChannelService(fixture.chat.channelStore, fixture.chat.createRequestStore, fixture.chat.memberStore,
                fixture.chat.messageStore, fixture.chat.presenceStore, fixture.chat.channelConnectionStore, fixture.chat.eventPublisher,
                new RateLimiter(fixture.chat.throttleStore, fixture.clock, kind -> kind == RateLimits.SET_NOTIFICATIONS ? 1 : 1_000),
                fixture.clock);
        limited.setNotifications("bob", new Action.SetNotifications(channelId, NotificationLevel.MENTIONS, null));

        assertThatThrownBy(() -> limited.setNotifications("bob", new Action.SetNotifications(channelId, NotificationLevel.NONE, null)))
                .isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.memberStore.find(channelId, "bob").orElseThrow().notifications().level())
                .isEqualTo(NotificationLevel.MENTIONS);
    }

    @Test
    void list_whenPreferencesAreSet_showsThemWithMutedDerived() {
        var channelId = fixture.groupWith("alice", "bob");
        var until = fixture.clock.millis() + 60_000;

        var before = listed("bob", channelId);
        set("bob", channelId, NotificationLevel.MENTIONS, until);
        var whileMuted = listed("bob", channelId);
        fixture.clock.advance(java.time.Duration.ofMinutes(1));
        var after = listed("bob", channelId);
        set("bob", channelId, NotificationLevel.NONE, null);
        var none = listed("bob", channelId);

        assertThat(before.notifications()).isEqualTo(NotificationPreferences.DEFAULT);
        assertThat(before.muted()).isFalse();
        assertThat(whileMuted.notifications()).isEqualTo(new NotificationPreferences(NotificationLevel.MENTIONS, until));
        assertThat(whileMuted.muted()).isTrue();
        assertThat(after.muted()).isFalse();
        assertThat(none.muted()).isTrue();
    }

    @Test
    void list_whenTheMembershipWasStoredMutedBeforeLevels_showsLevelNoneUntilPreferencesAreSet() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.setMuted(channelId, "bob");

        var legacy = listed("bob", channelId);
        set("bob", channelId, NotificationLevel.ALL, null);
        var replaced = listed("bob", channelId);

        assertThat(legacy.notifications()).isEqualTo(new NotificationPreferences(NotificationLevel.NONE, null));
        assertThat(legacy.muted()).isTrue();
        assertThat(replaced.notifications()).isEqualTo(NotificationPreferences.DEFAULT);
        assertThat(replaced.muted()).isFalse();
        assertThat(fixture.chat.memberStore.find(channelId, "bob").orElseThrow().muted()).isFalse();
    }
}
