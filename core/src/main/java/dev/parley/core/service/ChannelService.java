package dev.parley.core.service;

import dev.parley.core.model.Channel;
import dev.parley.core.model.CreateRequest;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Page;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ArchivedException;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.service.Results.ChannelList;
import dev.parley.core.service.Results.ChannelSummary;
import dev.parley.core.service.Results.ChannelView;
import dev.parley.core.service.Results.History;
import dev.parley.core.service.Results.MemberList;
import dev.parley.core.service.Results.MemberView;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.CreateRequestStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.HistoryStore;
import dev.parley.core.store.InvalidCursorException;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Channels, membership, history and read positions. */
public final class ChannelService {

    private static final int CHANNEL_PAGE = 50;
    private static final int MEMBER_PAGE = 100;
    static final int MEMBERSHIP_NEWS_TO_ALL_UP_TO = 100;
    /** How long a create is remembered under its requestId: long enough for any client's retries. */
    static final Duration CREATE_REQUEST_LIFETIME = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(ChannelService.class);

    private final ChannelStore channels;
    private final CreateRequestStore createRequests;
    private final MemberStore members;
    private final HistoryStore messages;
    private final PresenceStore presence;
    private final EventPublisher events;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final Clock clock;
    private final SequenceHoles holes;
    private final ChannelAudience audience;
    private final NotificationPreferencesService notificationPreferences;

    public ChannelService(ChannelStore channels, CreateRequestStore createRequests, MemberStore members, HistoryStore messages,
                          PresenceStore presence, ChannelConnectionStore channelConnections, EventPublisher events,
                          RateLimiter rateLimiter, Clock clock) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.createRequests = Objects.requireNonNull(createRequests, "createRequests");
        this.members = Objects.requireNonNull(members, "members");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.events = Objects.requireNonNull(events, "events");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.membership = new Membership(members);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holes = new SequenceHoles(messages, clock);
        this.audience = new ChannelAudience(members, presence, channelConnections, clock);
        this.notificationPreferences = new NotificationPreferencesService(members, events, rateLimiter, clock);
    }

    public Channel create(String userId, String requestId, Action.CreateChannel action) {
        rateLimiter.acquire(userId, RateLimits.CREATE_CHANNEL);
        var now = clock.millis();
        var others = action.members().stream().filter(member -> !member.equals(userId)).distinct().toList();
        if (action.kind() == ChannelKind.DIRECT) {
            if (others.size() != 1) {
                throw new BadRequestException("a direct channel is between you and one other user");
            }
            var other = others.getFirst();
            var channelId = claim(userId, requestId, action, others, Ids.directChannel(userId, other));
            var channel = new Channel(channelId, "", ChannelKind.DIRECT, userId, now, 0, 2);
            var created = channels.create(channel, List.of(
                    new Member(channel.channelId(), userId, Member.MEMBER, now, 0, false),
                    new Member(channel.channelId(), other, Member.MEMBER, now, 0, false)));
            audience.follow(channel.channelId(), List.of(userId, other));
            if (!created) {
                return channels.find(channel.channelId())
                        .orElseThrow(() -> new ConflictException("the direct channel is being changed; retry"));
            }
            announceJoined(channel.channelId(), List.of(userId, other), now);
            return channel;
        }
        var channelId = claim(userId, requestId, action, others, Ids.groupChannel());
        var channel = new Channel(channelId, action.channelName(), action.kind(), userId, now, 0, 1 + others.size());
        var initial = new ArrayList<Member>();
        initial.add(new Member(channel.channelId(), userId, Member.OWNER, now, 0, false));
        others.forEach(other -> initial.add(new Member(channel.channelId(), other, Member.MEMBER, now, 0, false)));
        if (!channels.create(channel, initial)) {
            var existing = channels.find(channel.channelId());
            if (existing.isPresent() && existing.get().createdBy().equals(userId)) {
                return existing.get();
            }
            throw new ConflictException("a channel was already created for this requestId");
        }
        var joined = new ArrayList<String>();
        joined.add(userId);
        joined.addAll(others);
        audience.follow(channel.channelId(), joined);
        announceJoined(channel.channelId(), joined, now);
        return channel;
    }

    /**
     * The id the create uses: {@code candidate} for a new request, the remembered channel's for a retry. The record is
     * written before the channel, so a create that dies in between is completed by its retry.
     */
    private String claim(String userId, String requestId, Action.CreateChannel action, List<String> others, String candidate) {
        if (requestId == null) {
            return candidate;
        }
        var fingerprint = Ids.fingerprint(action.kind().wireName() + "\n" + (action.channelName() == null ? "" : action.channelName())
                + "\n" + String.join("\n", others.stream().sorted().toList()));
        var expiresAt = clock.instant().plus(CREATE_REQUEST_LIFETIME).getEpochSecond();
        var claimed = createRequests.claim(new CreateRequest("createChannel:" + userId + "#" + requestId, candidate, fingerprint,
                expiresAt), clock.instant().getEpochSecond());
        if (!claimed.fingerprint().equals(fingerprint)) {
            throw new ConflictException("requestId " + requestId + " was used for another createChannel; use a new requestId");
        }
        return claimed.channelId();
    }

    /**
     * Joins a public group. A private group is joined only by being added, a direct channel never; both are refused
     * for everyone else, while a missing channel is {@code not_found}.
     */
    public Channel join(String userId, String channelId) {
        // The rate limit is counted beside the read, which writes nothing, and is answered before anything it found.
        var allowed = Concurrently.run(() -> rateLimiter.acquire(userId, RateLimits.JOIN_CHANNEL));
        var found = Concurrently.call(() -> channels.find(channelId));
        allowed.join();
        var channel = found.join().orElseThrow(() -> new NotFoundException("no channel " + channelId));
        if (channel.kind() == ChannelKind.DIRECT) {
            throw new ForbiddenException("a direct channel cannot be joined");
        }
        if (channel.archived()) {
            if (members.find(channelId, userId).isPresent()) {
                return channel;
            }
            throw new ArchivedException(channelId);
        }
        if (channel.kind() == ChannelKind.PRIVATE) {
            if (members.find(channelId, userId).isPresent()) {
                return channel;
            }
            throw new ForbiddenException("a private channel is joined by being added by a member");
        }
        var now = clock.millis();
        var added = switch (channels.addMember(new Member(channelId, userId, Member.MEMBER, now, channel.lastSeq(), false))) {
            case ADDED -> true;
            case ALREADY_MEMBER -> false;
            case NO_CHANNEL -> throw new NotFoundException("no channel " + channelId);
            case ARCHIVED -> throw new ArchivedException(channelId);
        };
        // The joiner's connections enter the audience before the news goes out, so their other devices hear it too.
        audience.follow(channelId, List.of(userId));
        if (added) {
            publishQuietly(membershipNews(joinedNews(channelId, userId, now), channel, channel.memberCount() + 1));
            return withMemberCount(channel, channel.memberCount() + 1);
        }
        return channel;
    }

    /** A member of a group adds others to it; those already in it are left as they are. */
    public Channel addMembers(String userId, String channelId, List<String> userIds) {
        membership.require(channelId, userId);
        var channel = channels.find(channelId).orElseThrow(() -> new NotFoundException("no channel " + channelId));
        if (channel.kind() == ChannelKind.DIRECT) {
            throw new ForbiddenException("members cannot be added to a direct channel");
        }
        if (channel.archived()) {
            throw new ArchivedException(channelId);
        }
        rateLimiter.acquire(userId, RateLimits.ADD_MEMBERS);
        var now = clock.millis();
        var added = new ArrayList<String>();
        for (var other : userIds.stream().filter(other -> !other.equals(userId)).distinct().toList()) {
            var result = channels.addMember(new Member(channelId, other, Member.MEMBER, now, channel.lastSeq(), false));
            if (result == ChannelStore.AddResult.NO_CHANNEL) {
                throw new NotFoundException("no channel " + channelId);
            }
            if (result == ChannelStore.AddResult.ARCHIVED) {
                throw new ArchivedException(channelId);
            }
            if (result == ChannelStore.AddResult.ADDED) {
                added.add(other);
            }
        }
        if (added.isEmpty()) {
            return channel;
        }
        audience.follow(channelId, added);
        var count = channel.memberCount();
        for (var other : added) {
            count++;
            publishQuietly(membershipNews(joinedNews(channelId, other, now), channel, count));
        }
        return withMemberCount(channel, count);
    }

    private static Event joinedNews(String channelId, String userId, long now) {
        return Events.of("joined:" + channelId + ":" + userId + ":" + now, Event.MEMBER_JOINED, channelId, userId, now,
                EventFrames.memberJoined(channelId, userId));
    }

    private static Channel withMemberCount(Channel channel, long memberCount) {
        return channel.withCounts(memberCount, channel.ownerCount());
    }

    public String leave(String userId, String channelId) {
        rateLimiter.acquire(userId, RateLimits.LEAVE_CHANNEL);
        membership.require(channelId, userId);
        var channel = channels.find(channelId).orElseThrow(() -> new NotFoundException("no channel " + channelId));
        if (channel.kind() == ChannelKind.DIRECT) {
            throw new ForbiddenException("a direct channel cannot be left");
        }
        var removed = switch (channels.removeMember(channelId, userId)) {
            case REMOVED -> true;
            case NOT_MEMBER -> false;
            case LAST_OWNER -> throw new ConflictException("you are the last owner of channel " + channelId
                    + ": make another member an owner (setRole) before leaving");
        };
        audience.unfollow(channelId, userId);
        if (removed) {
            var now = clock.millis();
            events.publish(membershipNews(new Event(Ids.eventId(), Event.MEMBER_LEFT, channelId, userId, now, List.of(userId),
                    EventFrames.memberLeft(channelId, userId)), channel, channel.memberCount()));
        }
        return channelId;
    }

    /** The caller's role in a channel, for the {@code channel} answer; null when the caller is not a member. */
    public ChannelView view(String userId, Channel channel) {
        return new ChannelView(channel, members.find(channel.channelId(), userId).map(Member::role).orElse(null));
    }

    public ChannelList list(String userId, String cursor) {
        var page = listing(() -> members.listByUser(userId, cursor, CHANNEL_PAGE));
        var found = channels.findAll(page.items().stream().map(Member::channelId).toList());
        var summaries = new ArrayList<ChannelSummary>();
        for (var member : page.items()) {
            var channel = found.get(member.channelId());
            if (channel != null) {
                var unread = Math.max(0, channel.lastSeq() - member.lastReadSeq());
                var notifications = member.notifications();
                summaries.add(new ChannelSummary(channel, member.lastReadSeq(), unread, notifications.mutedAt(clock.millis()),
                        notifications, member.role()));
            }
        }
        return new ChannelList(new Page<>(summaries, page.cursor()));
    }

    public MemberList members(String userId, String channelId, String cursor) {
        membership.require(channelId, userId);
        var page = listing(() -> members.listByChannel(channelId, cursor, MEMBER_PAGE));
        var online = presence.findAll(page.items().stream().map(Member::userId).toList());
        var views = page.items().stream()
                .map(member -> new MemberView(member, online.containsKey(member.userId()) && online.get(member.userId()).online()))
                .toList();
        return new MemberList(channelId, new Page<>(views, page.cursor()));
    }

    /** A cursor the client sent that the store does not recognise is the client's mistake. */
    private static Page<Member> listing(Supplier<Page<Member>> page) {
        try {
            return page.get();
        } catch (InvalidCursorException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    public History history(String userId, Action.GetHistory action) {
        membership.require(action.channelId(), userId);
        var limit = action.limit();
        var fromOldest = action.afterSeq() != null;
        var found = messages.range(action.channelId(), action.afterSeq(), action.beforeSeq(), limit + 1, !fromOldest);
        var hasMore = found.size() > limit;
        List<Message> page;
        if (!hasMore) {
            page = found;
        } else if (fromOldest) {
            page = found.subList(0, limit);
        } else {
            page = found.subList(found.size() - limit, found.size());
        }
        page = withoutReplies(page, action.excludeReplies());
        // Newest first, the page keeps its newest messages; oldest first, its oldest: the next page continues the rest.
        var fitting = HistoryBudget.fit(page, fromOldest);
        hasMore |= fitting.size() < page.size();
        page = fitting;
        // The range this page speaks for. Newest first, nothing below its oldest message is claimed: below it the
        // seqs may simply have expired.
        long low;
        Long high;
        if (fromOldest) {
            low = action.afterSeq() == Long.MAX_VALUE ? Long.MAX_VALUE : action.afterSeq() + 1;
            high = hasMore ? Long.valueOf(page.getLast().seq()) : bound(action.beforeSeq());
        } else if (page.isEmpty()) {
            return new History(action.channelId(), page, false, action.excludeReplies());
        } else {
            low = page.getFirst().seq();
            high = bound(action.beforeSeq());
        }
        var filled = withoutReplies(holes.fill(action.channelId(), page, low, high), action.excludeReplies());
        var fitted = HistoryBudget.fit(filled, fromOldest);
        return new History(action.channelId(), fitted, hasMore || fitted.size() < filled.size(), action.excludeReplies());
    }

    /**
     * With {@code excludeReplies}, each reply keeps its place in the page with none of its content: the page covers the
     * same seqs either way, so paging and the contiguous sequence are unchanged, and it is measured as it will be sent.
     */
    private static List<Message> withoutReplies(List<Message> page, boolean excludeReplies) {
        if (!excludeReplies) {
            return page;
        }
        return page.stream().map(m -> m.isReply() && !m.skipped() ? new Message(m.channelId(), m.seq(), m.messageId(), m.senderId(), "",
                List.of(), m.createdAt(), null, false, Map.of(), null, m.threadSeq(), m.expiresAt()) : m).toList();
    }

    private static Long bound(Long beforeSeq) {
        return beforeSeq == null ? null : beforeSeq - 1;
    }

    /** Moves the caller's read position forward (never back) and tells the channel. */
    public Results.Ack markRead(String userId, String channelId, long seq) {
        rateLimiter.acquire(userId, RateLimits.MARK_READ);
        var member = membership.require(channelId, userId);
        var channel = channels.find(channelId).orElseThrow(() -> new NotFoundException("no channel " + channelId));
        if (seq > channel.lastSeq()) {
            throw new BadRequestException("seq " + seq + " is beyond the channel's last message " + channel.lastSeq());
        }
        if (seq <= member.lastReadSeq()) {
            return new Results.Ack(channelId, member.lastReadSeq());
        }
        if (members.advanceRead(channelId, userId, seq)) {
            var now = clock.millis();
            events.publish(Events.of("read:" + channelId + ":" + userId + ":" + seq, Event.READ, channelId, userId, now,
                    EventFrames.read(channelId, userId, seq)));
            return new Results.Ack(channelId, seq);
        }
        var current = members.find(channelId, userId).map(Member::lastReadSeq).orElse(seq);
        return new Results.Ack(channelId, Math.max(current, seq));
    }

    /**
     * Membership news goes to every member while the channel is small. In a larger one it goes to the member concerned
     * and the channel's creator only, so that a channel growing to N members costs N deliveries, not N²/2; the others
     * see the member list with {@code listMembers}.
     */
    static Event membershipNews(Event event, Channel channel, long memberCount) {
        if (memberCount <= MEMBERSHIP_NEWS_TO_ALL_UP_TO) {
            return event;
        }
        var audience = new ArrayList<>(event.userIds());
        audience.add(event.actorId());
        audience.add(channel.createdBy());
        return new Event(event.eventId(), event.type(), event.channelId(), event.actorId(), event.occurredAt(),
                audience.stream().distinct().toList(), event.frame(), false);
    }

    /**
     * A new channel tells each initial member, and only that member, that they are in it: one delivery per member.
     * Announcements are best effort: the membership is stored, and a member who misses the event sees the channel in
     * {@code listChannels}.
     */
    private void announceJoined(String channelId, List<String> userIds, long now) {
        for (var joined : userIds) {
            publishQuietly(new Event("joined:" + channelId + ":" + joined + ":" + now, Event.MEMBER_JOINED, channelId, joined, now,
                    List.of(joined), EventFrames.memberJoined(channelId, joined), false));
        }
    }

    private void publishQuietly(Event event) {
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("{} not published for channel {}", event.type(), event.channelId(), e);
        }
    }

    /** Stores the caller's notification preferences for a channel and tells the caller's connections. */
    public Results.NotificationsSet setNotifications(String userId, Action.SetNotifications action) {
        return notificationPreferences.set(userId, action);
    }
}
