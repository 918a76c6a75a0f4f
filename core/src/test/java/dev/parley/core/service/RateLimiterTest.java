package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.ErrorCode;
import dev.parley.core.protocol.Frames;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.RateLimitedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final ChatFixture fixture = new ChatFixture();
    private final RateLimiter oneEach = new RateLimiter(fixture.chat.throttleStore, fixture.clock, kind -> 1);
    private final ChannelService channels = new ChannelService(fixture.chat.channelStore, fixture.chat.createRequestStore,
            fixture.chat.memberStore,
            fixture.chat.messageStore, fixture.chat.presenceStore, fixture.chat.channelConnectionStore, fixture.chat.eventPublisher,
            oneEach, fixture.clock);

    @Test
    void acquire_whenOneKindIsUsedUp_leavesTheOtherKindsAndUsersAlone() {
        oneEach.acquire("alice", RateLimits.TYPING);

        assertThatThrownBy(() -> oneEach.acquire("alice", RateLimits.TYPING)).isInstanceOf(RateLimitedException.class);
        oneEach.acquire("alice", RateLimits.SEND_MESSAGE);
        oneEach.acquire("bob", RateLimits.TYPING);
    }

    @Test
    void acquire_whenOverTheLimit_saysWhenTheWindowOpensAgain() {
        oneEach.acquire("alice", RateLimits.SEND_MESSAGE);
        var windowStart = fixture.clock.millis() / 1000 / 60 * 60;
        var retryAfter = windowStart + 60 - fixture.clock.millis() / 1000;

        assertThatThrownBy(() -> oneEach.acquire("alice", RateLimits.SEND_MESSAGE))
                .isInstanceOfSatisfying(RateLimitedException.class, limited -> {
                    assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(limited.retryAfterSeconds()).isEqualTo(retryAfter);
                    assertThat(Frames.error("r1", limited)).contains("\"code\":\"rate_limited\"")
                            .contains("\"retryAfter\":" + retryAfter);
                });
        fixture.clock.advance(Duration.ofSeconds(retryAfter));
        oneEach.acquire("alice", RateLimits.SEND_MESSAGE);
    }

    @Test
    void standardLimits_whenUsedAsAChatClientDoes_areNotReached() {
        var standard = new RateLimiter(fixture.chat.throttleStore, fixture.clock);
        // One message every second, a read position for each and a typing notice every three seconds, for a minute.
        for (int second = 0; second < 60; second++) {
            standard.acquire("alice", RateLimits.SEND_MESSAGE);
            standard.acquire("alice", RateLimits.MARK_READ);
            if (second % 3 == 0) {
                standard.acquire("alice", RateLimits.TYPING);
            }
        }

        assertThat(RateLimits.values()).allSatisfy(kind -> assertThat(kind.perMinute()).isGreaterThanOrEqualTo(10));
    }

    @Test
    void join_whenOverTheLimit_isRateLimitedBeforeTheChannelIsLookedUp() {
        var first = fixture.groupWith("owner");
        channels.join("alice", first);

        assertThatThrownBy(() -> channels.join("alice", "c-missing")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void leave_whenOverTheLimit_isRateLimited() {
        var first = fixture.groupWith("owner", "alice");
        var second = fixture.groupWith("owner", "alice");
        channels.leave("alice", first);

        assertThatThrownBy(() -> channels.leave("alice", second)).isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.memberStore.find(second, "alice")).isPresent();
    }

    @Test
    void markRead_whenOverTheLimit_isRateLimited() {
        var channelId = fixture.groupWith("alice");
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m1", "hi", List.of(), null));
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m2", "hi", List.of(), null));
        channels.markRead("alice", channelId, 1);

        assertThatThrownBy(() -> channels.markRead("alice", channelId, 2)).isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.memberStore.find(channelId, "alice").orElseThrow().lastReadSeq()).isEqualTo(1);
    }

    @Test
    void create_whenOverTheLimit_isRateLimited() {
        channels.create("alice", "r1", new Action.CreateChannel("one", ChannelKind.GROUP, List.of()));

        assertThatThrownBy(() -> channels.create("alice", "r2", new Action.CreateChannel("two", ChannelKind.GROUP, List.of())))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void subscribePresence_whenOverItsLimit_isRateLimitedAndWatchesNothingMore() {
        for (int i = 0; i < RateLimits.SUBSCRIBE_PRESENCE.perMinute(); i++) {
            fixture.presence.subscribe("alice", "conn-1", List.of("bob"));
        }

        assertThatThrownBy(() -> fixture.presence.subscribe("alice", "conn-1", List.of("carol")))
                .isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.presenceWatchStore.watchersOf("carol")).isEmpty();
    }

    @Test
    void typing_whenOverItsLimit_isRateLimited() {
        var channelId = fixture.groupWith("alice");
        for (int i = 0; i < RateLimits.TYPING.perMinute(); i++) {
            fixture.presence.typing("alice", channelId);
        }

        assertThatThrownBy(() -> fixture.presence.typing("alice", channelId)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void registerDevice_whenOverTheLimit_isRateLimitedAndRegistersNothing() {
        var devices = new DeviceService(fixture.chat.deviceStore, fixture.chat.pushEndpoints, oneEach, fixture.clock);
        devices.register("alice", "fcm", "token-1");

        assertThatThrownBy(() -> devices.register("alice", "fcm", "token-2")).isInstanceOf(RateLimitedException.class);
        assertThat(fixture.chat.devices).hasSize(1);
    }

    @Test
    void join_whenUnderTheLimit_stillRefusesAMissingChannel() {
        assertThatThrownBy(() -> channels.join("alice", "c-missing")).isInstanceOf(NotFoundException.class);
    }
}
