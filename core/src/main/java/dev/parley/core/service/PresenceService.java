package dev.parley.core.service;

import dev.parley.core.model.Event;
import dev.parley.core.model.PresenceWatch;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.TooLargeException;
import dev.parley.core.service.Results.PresenceStatus;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PresenceWatchStore;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Typing indicators and presence subscriptions. */
public final class PresenceService {

    /** At most one typing event per user and channel in this window; typing is never stored. */
    public static final Duration TYPING_THROTTLE = Duration.ofSeconds(3);
    private static final int MEMBERSHIP_PAGE = 500;
    private static final int MAX_WATCH_LIST_ATTEMPTS = 5;

    private final MemberStore members;
    private final PresenceStore presence;
    private final PresenceWatchStore watches;
    private final ThrottleStore throttles;
    private final EventPublisher events;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final Clock clock;

    public PresenceService(MemberStore members, PresenceStore presence, PresenceWatchStore watches, ThrottleStore throttles,
                           EventPublisher events, RateLimiter rateLimiter, Clock clock) {
        this.members = Objects.requireNonNull(members, "members");
        this.membership = new Membership(members);
        this.presence = Objects.requireNonNull(presence, "presence");
        this.watches = Objects.requireNonNull(watches, "watches");
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
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
     * Watches, from this connection, the presence of those of the users who share a channel with the caller, for as long
     * as a connection can live, and answers with their presence now (users never seen are offline with no
     * {@code lastSeenAt}). The others are left out without a word, whether or not they exist, so the answer tells the
     * caller nothing they could not see in their own channels. A connection watches at most
     * {@link Limits#MAX_PRESENCE_WATCHES_PER_CONNECTION} users.
     */
    public List<PresenceStatus> subscribe(String userId, String connectionId, List<String> userIds) {
        rateLimiter.acquire(userId, RateLimits.SUBSCRIBE_PRESENCE);
        var expiresAt = clock.instant().plus(ConnectionService.CONNECTION_LIFETIME).getEpochSecond();
        var watchedBefore = watches.watchedBy(connectionId);
        // Users this connection already watches passed the check when they were added.
        var shared = sharingAChannel(userId, userIds.stream().filter(user -> !watchedBefore.contains(user)).toList());
        var watching = watchedBefore;
        for (int attempt = 1; !record(connectionId, watching, shared, expiresAt); attempt++) {
            if (attempt >= MAX_WATCH_LIST_ATTEMPTS) {
                throw new ConflictException("presence subscriptions of this connection changed meanwhile; retry");
            }
            watching = watches.watchedBy(connectionId);
        }
        var allowed = new HashSet<>(watching);
        allowed.addAll(shared);
        var watched = userIds.stream().filter(allowed::contains).toList();
        if (watched.isEmpty()) {
            return List.of();
        }
        watches.putAll(watched.stream().map(user -> new PresenceWatch(user, connectionId, userId, expiresAt)).toList());
        var known = presence.findAll(watched);
        return watched.stream().map(user -> {
            var entry = known.get(user);
            return entry == null ? new PresenceStatus(user, false, null)
                    : new PresenceStatus(user, entry.online(), entry.lastSeenAt() == 0 ? null : entry.lastSeenAt());
        }).toList();
    }

    /** Adds the users to the connection's watch list, refusing the whole subscription if it would exceed the limit. */
    private boolean record(String connectionId, Set<String> watching, Set<String> shared, long expiresAt) {
        var added = new HashSet<>(shared);
        added.removeAll(watching);
        if (watching.size() + added.size() > Limits.MAX_PRESENCE_WATCHES_PER_CONNECTION) {
            throw new TooLargeException("a connection watches the presence of at most " + Limits.MAX_PRESENCE_WATCHES_PER_CONNECTION
                    + " users; it watches " + watching.size());
        }
        return watches.addWatched(connectionId, watching.size(), added, expiresAt);
    }

    /**
     * The users among {@code userIds} who are in at least one of the caller's channels. It reads the caller's channels,
     * then each user's channels (Members {@code byUser}, all at once) until one of them is the caller's: a few small
     * queries for the usual case of users met in a channel, and never a Scan.
     */
    private Set<String> sharingAChannel(String userId, List<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        var mine = new HashSet<String>();
        forEachChannelOf(userId, channelId -> {
            mine.add(channelId);
            return false;
        });
        if (mine.isEmpty()) {
            return Set.of();
        }
        var checks = userIds.stream().distinct()
                .map(other -> Map.entry(other, Concurrently.call(() -> forEachChannelOf(other, mine::contains)))).toList();
        var shared = new HashSet<String>();
        checks.forEach(check -> {
            if (check.getValue().join()) {
                shared.add(check.getKey());
            }
        });
        return shared;
    }

    /** Walks a user's channels page by page until {@code stop} says so; whether it did. */
    private boolean forEachChannelOf(String userId, Predicate<String> stop) {
        String cursor = null;
        do {
            var page = members.listByUser(userId, cursor, MEMBERSHIP_PAGE);
            for (var member : page.items()) {
                if (stop.test(member.channelId())) {
                    return true;
                }
            }
            cursor = page.cursor();
        } while (cursor != null);
        return false;
    }
}
