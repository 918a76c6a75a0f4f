package dev.parley.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ArchivedException;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.service.Results.ChannelView;
import dev.parley.core.service.Results.Removed;
import dev.parley.core.service.Results.RoleSet;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a group channel's owners do to it: rename it, set its topic, remove members, give and take the owner role,
 * archive and unarchive it. Every action checks, in this order, that the caller is a member, that the channel is a
 * group (a direct channel has no owners) and that the caller is an owner of it.
 *
 * <p>Each change is one conditional write, so a redelivered action finds its change made, answers as the first time
 * and publishes nothing again. The rules that span members (a channel that keeps members keeps an owner) are
 * conditions on the channel's owner count, written in the same transaction as the role or membership.
 */
public final class ChannelAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelAdministration.class);

    private final ChannelStore channels;
    private final EventPublisher events;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final ChannelAudience audience;
    private final Clock clock;

    public ChannelAdministration(ChannelStore channels, MemberStore members, PresenceStore presence,
                                 ChannelConnectionStore channelConnections, EventPublisher events, RateLimiter rateLimiter,
                                 Clock clock) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.events = Objects.requireNonNull(events, "events");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.membership = new Membership(members);
        this.audience = new ChannelAudience(members, presence, channelConnections, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ChannelView rename(String userId, Action.RenameChannel action) {
        var channel = requireOwner(userId, action.channelId(), "rename");
        var result = channels.rename(action.channelId(), action.channelName());
        updated(channel, result);
        var renamed = channel.withName(action.channelName());
        if (result == ChannelStore.UpdateResult.UPDATED) {
            publishUpdate(renamed, userId, "renamed:" + Ids.fingerprint(action.channelName()),
                    EventFrames.channelUpdated(channel.channelId(), userId, action.channelName(), null, null));
        }
        return new ChannelView(renamed, Member.OWNER);
    }

    public ChannelView setTopic(String userId, Action.SetTopic action) {
        var channel = requireOwner(userId, action.channelId(), "set the topic of");
        var result = channels.setTopic(action.channelId(), action.topic());
        updated(channel, result);
        var changed = channel.withTopic(action.topic());
        if (result == ChannelStore.UpdateResult.UPDATED) {
            publishUpdate(changed, userId, "topic:" + Ids.fingerprint(action.topic()),
                    EventFrames.channelUpdated(channel.channelId(), userId, null, action.topic(), null));
        }
        return new ChannelView(changed, Member.OWNER);
    }

    /** Archives a group channel: it stays readable, and sends, edits, reactions, joins, renames and topics are refused. */
    public ChannelView archive(String userId, String channelId) {
        return setArchived(userId, channelId, true);
    }

    public ChannelView unarchive(String userId, String channelId) {
        return setArchived(userId, channelId, false);
    }

    private ChannelView setArchived(String userId, String channelId, boolean archived) {
        var channel = requireOwner(userId, channelId, archived ? "archive" : "unarchive");
        var result = channels.setArchived(channelId, archived);
        updated(channel, result);
        var changed = channel.withArchived(archived);
        if (result == ChannelStore.UpdateResult.UPDATED) {
            publishUpdate(changed, userId, archived ? "archived" : "unarchived",
                    EventFrames.channelUpdated(channelId, userId, null, null, archived));
        }
        return new ChannelView(changed, Member.OWNER);
    }

    /**
     * Removes a member. The removed user's connections leave the channel's audience, and the news goes to the channel
     * and to the removed user. Removing someone who is not a member (any more) answers the same, so a redelivered
     * removal is not an error; removing oneself is leaving, with its last-owner rule.
     */
    public Removed removeMember(String userId, Action.RemoveMember action) {
        var channelId = action.channelId();
        var channel = requireOwner(userId, channelId, "remove members of");
        var removed = switch (channels.removeMember(channelId, action.userId())) {
            case REMOVED -> true;
            case NOT_MEMBER -> false;
            case LAST_OWNER -> throw new ConflictException(action.userId() + " is the last owner of channel " + channelId
                    + ": make another member an owner first");
        };
        audience.unfollow(channelId, action.userId());
        if (removed) {
            var now = clock.millis();
            var news = new Event("removed:" + channelId + ":" + action.userId() + ":" + now, Event.MEMBER_REMOVED, channelId,
                    userId, now, List.of(action.userId()), EventFrames.memberRemoved(channelId, action.userId(), userId));
            publishQuietly(ChannelService.membershipNews(news, channel, channel.memberCount()));
        }
        return new Removed(channelId, action.userId());
    }

    /** Makes a member an owner or an owner a member; the last owner stays one. */
    public RoleSet setRole(String userId, Action.SetRole action) {
        var channelId = action.channelId();
        var channel = requireOwner(userId, channelId, "change roles in");
        var changed = switch (channels.setRole(channelId, action.userId(), action.role())) {
            case CHANGED -> true;
            case UNCHANGED -> false;
            case NOT_MEMBER -> throw new NotFoundException(action.userId() + " is not a member of channel " + channelId);
            case LAST_OWNER -> throw new ConflictException(action.userId() + " is the last owner of channel " + channelId
                    + ": make another member an owner first");
        };
        if (changed) {
            var now = clock.millis();
            var news = new Event("role:" + channelId + ":" + action.userId() + ":" + action.role() + ":" + now,
                    Event.ROLE_CHANGED, channelId, userId, now, List.of(action.userId()),
                    EventFrames.roleChanged(channelId, action.userId(), action.role(), userId));
            publishQuietly(ChannelService.membershipNews(news, channel, channel.memberCount()));
        }
        return new RoleSet(channelId, action.userId(), action.role());
    }

    /** The channel, after the checks every administration action starts with; rate-limited once they pass. */
    private Channel requireOwner(String userId, String channelId, String verb) {
        var member = membership.require(channelId, userId);
        var channel = channels.find(channelId).orElseThrow(() -> new NotFoundException("no channel " + channelId));
        if (channel.kind() == ChannelKind.DIRECT) {
            throw new ForbiddenException("a direct channel has no owners: no one can " + verb + " it");
        }
        if (!Member.OWNER.equals(member.role())) {
            throw new ForbiddenException("only an owner of channel " + channelId + " can " + verb + " it");
        }
        rateLimiter.acquire(userId, RateLimits.ADMINISTER_CHANNEL);
        return channel;
    }

    private static void updated(Channel channel, ChannelStore.UpdateResult result) {
        switch (result) {
            case UPDATED, UNCHANGED -> {
            }
            case NO_CHANNEL -> throw new NotFoundException("no channel " + channel.channelId());
            case ARCHIVED -> throw new ArchivedException(channel.channelId());
            default -> throw new IllegalStateException("unexpected update result " + result);
        }
    }

    /**
     * A change to the channel itself goes to every member, however large the channel: it is one delivery each, and
     * every member shows it. The id is derived from the change, so a re-publish is recognisable.
     */
    private void publishUpdate(Channel channel, String userId, String change, ObjectNode frame) {
        var now = clock.millis();
        publishQuietly(Events.of("updated:" + channel.channelId() + ":" + change + ":" + now, Event.CHANNEL_UPDATED,
                channel.channelId(), userId, now, frame));
    }

    /** The change is stored; a member who misses its news sees it in {@code listChannels} and {@code listMembers}. */
    private void publishQuietly(Event event) {
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("{} not published for channel {}", event.type(), event.channelId(), e);
        }
    }
}
