package dev.parley.core.service;

import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.DeliveryPendingException;
import dev.parley.core.protocol.EventFrames;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.retry.Backoff;
import dev.parley.core.service.Results.Ack;
import dev.parley.core.service.Results.SendAck;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.MessageStore;
import dev.parley.core.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending, editing, deleting and reacting. A send is stored exactly once per {@code clientMsgId} with the next
 * gap-free {@code seq} of its channel, acknowledged only after the durable write, then published.
 */
public final class MessageService {

    static final int MAX_APPEND_ATTEMPTS = 5;
    private static final int WRITE_ATTEMPTS = 3;
    private static final Duration DEDUP_WINDOW = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(MessageService.class);

    private final ChannelStore channels;
    private final MessageStore messages;
    private final ObjectStore objects;
    private final EventPublisher events;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final Clock clock;
    private final Duration retention;

    /** {@code retention} of {@link Duration#ZERO} keeps messages forever. */
    public MessageService(ChannelStore channels, MemberStore members, MessageStore messages, ObjectStore objects,
                          EventPublisher events, RateLimiter rateLimiter, Clock clock, Duration retention) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.events = Objects.requireNonNull(events, "events");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.membership = new Membership(members);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    public static String dedupKey(String channelId, String senderId, String clientMsgId) {
        return channelId + "#" + senderId + "#" + clientMsgId;
    }

    /**
     * Stores and publishes one send. The checks run together (membership, the rate limit, the dedup record, the
     * thread root, the attachments); then the channel's counter hands out a seq and the message and its dedup
     * record are written under it. A seq that cannot be written is filled with a skipped entry, so the sequence
     * stays contiguous; the send then takes a new seq or fails with a retryable error.
     */
    public SendAck send(String senderId, Action.SendMessage action) {
        var channelId = action.channelId();
        var dedupKey = dedupKey(channelId, senderId, action.clientMsgId());
        var member = Concurrently.call(() -> membership.require(channelId, senderId));
        var rateLimit = Concurrently.run(() -> rateLimiter.acquire(senderId));
        var stored = Concurrently.call(() -> messages.findDedup(dedupKey));
        var threadSeq = Concurrently.call(() -> threadRoot(channelId, action.threadSeq()));
        var attachments = Concurrently.run(() -> checkAttachments(channelId, action));
        member.join();
        rateLimit.join();
        var previous = stored.join();
        if (previous.isPresent()) {
            return republish(channelId, previous.get());
        }
        var root = threadSeq.join();
        attachments.join();
        var messageId = Ids.messageId();
        for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
            var now = clock.millis();
            var seq = messages.allocate(channelId, now).orElseThrow(() -> new NotFoundException("no channel " + channelId));
            var message = new Message(channelId, seq, messageId, senderId, action.text(), action.attachmentKeys(), now, null, false,
                    Map.of(), action.clientMsgId(), root, expiresAt(now));
            switch (writeOrSkip(message, dedupKey, now / 1000 + DEDUP_WINDOW.toSeconds())) {
                case WRITTEN -> {
                    publishPosted(message);
                    return ack(message);
                }
                case DUPLICATE -> {
                    var original = messages.findDedup(dedupKey)
                            .orElseThrow(() -> new ConflictException("a send with this clientMsgId is in progress; retry"));
                    return republish(channelId, original);
                }
                case SEQ_TAKEN -> LOG.info("seq {} of channel {} was filled as skipped before the send wrote it; taking another",
                        seq, channelId);
                default -> throw new IllegalStateException("unexpected write result");
            }
        }
        throw new ConflictException("the channel is too busy right now; send again with the same clientMsgId");
    }

    /**
     * Writes the message under its seq; a seq this send cannot use is filled as skipped before returning, and so is
     * the seq of a write that keeps failing (the message may still have been stored: the skip is conditional).
     */
    private MessageStore.WriteResult writeOrSkip(Message message, String dedupKey, long dedupExpiresAt) {
        RuntimeException failure = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                var result = messages.write(message, dedupKey, dedupExpiresAt);
                if (result == MessageStore.WriteResult.DUPLICATE) {
                    skipQuietly(message);
                }
                return result;
            } catch (RuntimeException e) {
                failure = e;
                Backoff.sleep(attempt);
            }
        }
        skipQuietly(message);
        throw failure;
    }

    private void skipQuietly(Message message) {
        try {
            messages.skip(message.channelId(), message.seq(), clock.millis(), message.expiresAt());
        } catch (RuntimeException e) {
            LOG.warn("seq {} of channel {} left for readers to fill as skipped", message.seq(), message.channelId(), e);
        }
    }

    public Ack edit(String userId, Action.EditMessage action) {
        membership.require(action.channelId(), userId);
        rateLimiter.acquire(userId);
        var edited = messages.edit(action.channelId(), action.seq(), userId, action.text(), clock.millis());
        if (edited.isEmpty()) {
            var message = existing(action.channelId(), action.seq());
            if (message.deleted()) {
                throw new ConflictException("message " + action.seq() + " was deleted");
            }
            throw new ForbiddenException("only the sender can edit a message");
        }
        var message = edited.get();
        events.publish(Events.of("edited:" + message.channelId() + ":" + message.seq() + ":" + message.editedAt(),
                Event.MESSAGE_EDITED, message.channelId(), userId, clock.millis(), EventFrames.messageEdited(message)));
        return new Ack(message.channelId(), message.seq());
    }

    public Ack delete(String userId, Action.DeleteMessage action) {
        var member = membership.require(action.channelId(), userId);
        rateLimiter.acquire(userId);
        var message = existing(action.channelId(), action.seq());
        if (!message.senderId().equals(userId) && !Member.OWNER.equals(member.role())) {
            throw new ForbiddenException("only the sender or a channel owner can delete a message");
        }
        var now = clock.millis();
        var tombstone = messages.delete(action.channelId(), action.seq(), now)
                .orElseThrow(() -> new NotFoundException("no message " + action.seq() + " in channel " + action.channelId()));
        for (var key : message.attachments()) {
            objects.delete(key);
        }
        events.publish(Events.of("deleted:" + tombstone.channelId() + ":" + tombstone.seq(), Event.MESSAGE_DELETED,
                tombstone.channelId(), userId, now, EventFrames.messageDeleted(tombstone, userId)));
        return new Ack(tombstone.channelId(), tombstone.seq());
    }

    public Ack react(String userId, Action.React action) {
        membership.require(action.channelId(), userId);
        rateLimiter.acquire(userId);
        var reacted = messages.react(action.channelId(), action.seq(), action.emoji(), userId, action.remove());
        if (reacted.isEmpty()) {
            var message = existing(action.channelId(), action.seq());
            if (message.deleted()) {
                throw new ConflictException("message " + action.seq() + " was deleted");
            }
            var users = message.reactions().get(action.emoji());
            if (users == null && message.reactions().size() >= Limits.MAX_REACTION_EMOJI) {
                throw new ConflictException("message " + action.seq() + " already has " + Limits.MAX_REACTION_EMOJI
                        + " different reactions; react with one of them");
            }
            if (users != null && users.size() >= Limits.MAX_REACTION_USERS) {
                throw new ConflictException("message " + action.seq() + " already has " + Limits.MAX_REACTION_USERS
                        + " reactions with " + action.emoji());
            }
            throw new ConflictException("message " + action.seq() + " cannot take reactions");
        }
        var now = clock.millis();
        events.publish(Events.fresh(Event.REACTION_CHANGED, action.channelId(), userId, now,
                EventFrames.reaction(action.channelId(), action.seq(), action.emoji(), userId, action.remove())));
        return new Ack(action.channelId(), action.seq());
    }

    private Message existing(String channelId, long seq) {
        return messages.find(channelId, seq).filter(message -> !message.skipped())
                .orElseThrow(() -> new NotFoundException("no message " + seq + " in channel " + channelId));
    }

    private SendAck republish(String channelId, long seq) {
        var message = existing(channelId, seq);
        publishPosted(message);
        return ack(message);
    }

    /** The event of a stored message; its id depends only on the message, so every publish of it is recognisably the same. */
    static Event posted(Message message) {
        return Events.of("posted:" + message.channelId() + ":" + message.seq(), Event.MESSAGE_POSTED,
                message.channelId(), message.senderId(), message.createdAt(), EventFrames.message(message));
    }

    private void publishPosted(Message message) {
        try {
            events.publish(posted(message));
        } catch (RuntimeException e) {
            LOG.warn("message.posted not published; the sender is asked to retry", e);
            throw new DeliveryPendingException("message stored as seq " + message.seq()
                    + " but not yet delivered; send it again with the same clientMsgId", e);
        }
    }

    private void checkAttachments(String channelId, Action.SendMessage action) {
        var prefix = AttachmentService.channelPrefix(channelId);
        for (var key : action.attachmentKeys()) {
            if (!key.startsWith(prefix) || key.contains("..")) {
                throw new ForbiddenException("attachment " + key + " does not belong to channel " + channelId);
            }
            if (objects.head(key).isEmpty()) {
                throw new BadRequestException("attachment " + key + " was not uploaded");
            }
        }
    }

    private Long threadRoot(String channelId, Long threadSeq) {
        if (threadSeq == null) {
            return null;
        }
        var root = messages.find(channelId, threadSeq).filter(message -> !message.skipped())
                .orElseThrow(() -> new NotFoundException("no message " + threadSeq + " to reply to"));
        if (root.deleted()) {
            throw new ConflictException("message " + threadSeq + " was deleted");
        }
        // A reply to a reply joins the root's thread: threads are one level deep.
        return root.threadSeq() != null ? root.threadSeq() : root.seq();
    }

    private Long expiresAt(long now) {
        return retention.isZero() ? null : now / 1000 + retention.toSeconds();
    }

    private static SendAck ack(Message message) {
        return new SendAck(message.channelId(), message.seq(), message.messageId(), message.clientMsgId(), message.createdAt());
    }
}
