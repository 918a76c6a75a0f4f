package dev.parley.core.service;

import dev.parley.core.model.Event;
import dev.parley.core.model.PresenceWatch;
import dev.parley.core.protocol.EventFrames;
import dev.parley.core.service.Results.PresenceStatus;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PresenceWatchStore;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Typing indicators and presence subscriptions. */
public final class PresenceService {

    /** At most one typing event per user and channel in this window; typing is never stored. */
    public static final Duration TYPING_THROTTLE = Duration.ofSeconds(3);

    private final PresenceStore presence;
    private final PresenceWatchStore watches;
    private final ThrottleStore throttles;
    private final EventPublisher events;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final Clock clock;

    public PresenceService(MemberStore members, PresenceStore presence, PresenceWatchStore watches, ThrottleStore throttles,
                           EventPublisher events, Clock clock) {
        this.membership = new Membership(Objects.requireNonNull(members, "members"));
        this.presence = Objects.requireNonNull(presence, "presence");
        this.watches = Objects.requireNonNull(watches, "watches");
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rateLimiter = new RateLimiter(throttles, clock);
    }

    /** Publishes a typing event unless one went out for this user and channel within the throttle window. */
    public boolean typing(String userId, String channelId) {
        rateLimiter.acquire(userId, RateLimits.TYPING);
        membership.require(channelId, userId);
        var now = clock.millis();
        var nowSeconds = now / 1000;
        var key = "typing#" + channelId + "#" + userId;
        if (!throttles.claim(key, nowSeconds + TYPING_THROTTLE.toSeconds(), nowSeconds)) {
            return false;
        }
        events.publish(Events.fresh(Event.TYPING, channelId, userId, now, EventFrames.typing(channelId, userId)));
        return true;
    }

    /**
     * Watches the users' presence from this connection for as long as a connection can live, and answers with
     * their presence now. Users never seen are offline with no {@code lastSeenAt}.
     */
    public List<PresenceStatus> subscribe(String userId, String connectionId, List<String> userIds) {
        rateLimiter.acquire(userId, RateLimits.SUBSCRIBE_PRESENCE);
        var expiresAt = clock.instant().plus(ConnectionService.CONNECTION_LIFETIME).getEpochSecond();
        watches.putAll(userIds.stream().map(watched -> new PresenceWatch(watched, connectionId, userId, expiresAt)).toList());
        var known = presence.findAll(userIds);
        return userIds.stream().map(watched -> {
            var entry = known.get(watched);
            return entry == null ? new PresenceStatus(watched, false, null)
                    : new PresenceStatus(watched, entry.online(), entry.lastSeenAt() == 0 ? null : entry.lastSeenAt());
        }).toList();
    }
}
