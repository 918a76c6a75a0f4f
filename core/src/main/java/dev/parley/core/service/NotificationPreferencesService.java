package dev.parley.core.service;

import dev.parley.core.model.Event;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.service.Results.NotificationsSet;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A member's notification preferences for a channel: stored on the membership, and told to the member's own
 * connections so that their other devices show the change.
 */
public final class NotificationPreferencesService {

    private final MemberStore members;
    private final EventPublisher events;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final Clock clock;

    public NotificationPreferencesService(MemberStore members, EventPublisher events, RateLimiter rateLimiter, Clock clock) {
        this.members = Objects.requireNonNull(members, "members");
        this.events = Objects.requireNonNull(events, "events");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.membership = new Membership(members);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the preferences as given, whatever they were: the same request again stores the same and answers the
     * same. The news goes to the member's connections only; a publish that fails fails the request, whose retry
     * publishes it again.
     */
    public NotificationsSet set(String userId, Action.SetNotifications action) {
        rateLimiter.acquire(userId, RateLimits.SET_NOTIFICATIONS);
        var channelId = action.channelId();
        membership.require(channelId, userId);
        var stored = members.setNotifications(channelId, userId, action.level(), action.mutedUntil())
                .orElseThrow(() -> new ForbiddenException("not a member of channel " + channelId));
        var notifications = stored.notifications();
        events.publish(new Event(Ids.eventId(), Event.NOTIFICATIONS_CHANGED, channelId, userId, clock.millis(), List.of(userId),
                EventFrames.notificationsChanged(channelId, notifications), false));
        return new NotificationsSet(channelId, notifications);
    }
}
