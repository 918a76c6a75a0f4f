package dev.parley.core.service;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ArchivedException;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.DeliveryPendingException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.ParleyException;
import dev.parley.core.retry.RetryPolicy;
import dev.parley.core.service.Results.Ack;
import dev.parley.core.service.Results.SendAck;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.MessageStore;
import dev.parley.core.store.ObjectStore;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending, editing, deleting and reacting. A send is stored exactly once per {@code clientMsgId} with the next
 * gap-free {@code seq} of its channel, acknowledged only after the durable write, then published. Every action counts
 * against the user's rate limit before anything else is done.
 */
public final class MessageService {

    static final int MAX_APPEND_ATTEMPTS = 5;
    /** Writes of one reply that find its root changed by another reply before it is refused as too busy. */
    static final int MAX_ROOT_ATTEMPTS = 16;
    private static final Duration DEDUP_WINDOW = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(MessageService.class);

    private final ChannelStore channels;
    private final MemberStore members;
    private final MessageStore messages;
    private final ObjectStore objects;
    private final EventPublisher events;
    private final ThrottleStore throttles;
    private final RateLimiter rateLimiter;
    private final Membership membership;
    private final Clock clock;
    private final Duration retention;

    /** {@code retention} of {@link Duration#ZERO} keeps messages forever. */
    public MessageService(ChannelStore channels, MemberStore members, MessageStore messages, ObjectStore objects,
                          EventPublisher events, ThrottleStore throttles, RateLimiter rateLimiter, Clock clock, Duration retention) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.members = Objects.requireNonNull(members, "members");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.events = Objects.requireNonNull(events, "events");
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.membership = new Membership(members);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    public static String dedupKey(String channelId, String senderId, String clientMsgId) {
        return channelId + "#" + senderId + "#" + clientMsgId;
    }

    /**
     * Stores and publishes one send. The rate limit and the checks run together (membership, the dedup record, the
     * thread root, the attachments), and the rate limit is answered first. A send stored before answers its original
     * ack. Otherwise the attachments are copied to keys of this message, the channel's counter hands out a seq and the
     * message and its dedup record are written under it. A seq that cannot be written is filled with a skipped entry,
     * so the sequence stays contiguous; the send then takes a new seq or fails with a retryable error. The mentions
     * stored are those the text names of the channel's members at the time of the send.
     */
    public SendAck send(String senderId, Action.SendMessage action) {
        // The rate limit is counted beside the reads, which write nothing, and is answered before anything they found.
        var allowed = Concurrently.run(() -> rateLimiter.acquire(senderId, RateLimits.SEND_MESSAGE));
        var channelId = action.channelId();
        var named = Mentions.inText(action.text());
        if (named.userIds().size() > Limits.MAX_MENTIONS) {
            allowed.join();
            throw new BadRequestException("a message mentions at most " + Limits.MAX_MENTIONS + " users; this one mentions "
                    + named.userIds().size());
        }
        var dedupKey = dedupKey(channelId, senderId, action.clientMsgId());
        var member = Concurrently.call(() -> membership.require(channelId, senderId));
        var stored = Concurrently.call(() -> messages.findDedup(dedupKey));
        var threadSeq = Concurrently.call(() -> threadRoot(channelId, action.threadSeq()));
        var uploads = Concurrently.run(() -> checkUploads(channelId, senderId, action));
        var mentioned = Concurrently.call(() -> mentionedMembers(channelId, named.userIds()));
        allowed.join();
        var sender = member.join();
        var previous = stored.join();
        if (previous.isPresent()) {
            return resent(channelId, previous.get());
        }
        var root = threadSeq.join();
        uploads.join();
        var mentions = named.withUsers(mentioned.join());
        if (mentions.broadcast()) {
            checkBroadcast(channelId, sender);
        }
        var messageId = Ids.messageId();
        var attachments = attach(action.attachmentKeys(), messageId);
        for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
            var now = clock.millis();
            var allocated = messages.allocate(channelId, now);
            if (allocated.isEmpty()) {
                // Nothing was written: the copies made for this send belong to no message.
                attachments.forEach(this::deleteQuietly);
                throw closed(channelId);
            }
            var seq = allocated.getAsLong();
            var message = new Message(channelId, seq, messageId, senderId, action.text(), attachments, now, null, false,
                    Map.of(), action.clientMsgId(), root == null ? null : root.seq(), expiresAt(now), false, mentions);
            var written = writeOrSkip(message, dedupKey, now / 1000 + DEDUP_WINDOW.toSeconds(), root);
            switch (written.result()) {
                case WRITTEN -> {
                    publishPosted(message, written.root());
                    return ack(message);
                }
                case DUPLICATE -> {
                    // Nothing was written: the copies made for this attempt belong to no message.
                    attachments.forEach(this::deleteQuietly);
                    var original = messages.findDedup(dedupKey)
                            .orElseThrow(() -> new ConflictException("a send with this clientMsgId is in progress; retry"));
                    return resent(channelId, original);
                }
                case SEQ_TAKEN -> {
                    LOG.info("seq {} of channel {} was filled as skipped before the send wrote it; taking another", seq, channelId);
                    root = written.root();
                }
                default -> throw new IllegalStateException("unexpected write result");
            }
        }
        throw new ConflictException("the channel is too busy right now; send again with the same clientMsgId");
    }

    /** What a write did, and the reply's root as it now is (null for a message that is no reply). */
    private record Written(MessageStore.WriteResult result, Message root) {
    }

    /**
     * Writes the message under its seq; a seq this send cannot use is filled as skipped before returning, and so is
     * the seq of a write that keeps failing (the message may still have been stored: the skip is conditional). A reply
     * writes its root's next summary in the same transaction; when another reply changed the root first, the root is
     * read again, after a jittered pause, and the write retried under the same seq.
     */
    private Written writeOrSkip(Message message, String dedupKey, long dedupExpiresAt, Message root) {
        var current = root;
        for (int attempt = 1; ; attempt++) {
            var thread = current == null ? null
                    : new MessageStore.ThreadUpdate(current.seq(), current.thread(), current.thread().after(message));
            MessageStore.WriteResult result;
            try {
                result = RetryPolicy.call(() -> messages.write(message, dedupKey, dedupExpiresAt, thread));
                if (result == MessageStore.WriteResult.ROOT_CHANGED) {
                    if (attempt == MAX_ROOT_ATTEMPTS) {
                        throw new ConflictException("the thread is too busy right now; send again with the same clientMsgId");
                    }
                    // Replies that raced spread out before reading the root again, so they do not collide again.
                    RetryPolicy.pauseBefore(attempt);
                    current = liveRoot(message.channelId(), current.seq());
                    continue;
                }
            } catch (RuntimeException e) {
                skipQuietly(message);
                throw e;
            }
            if (result == MessageStore.WriteResult.DUPLICATE) {
                skipQuietly(message);
            }
            return new Written(result, thread == null ? null : current.withThread(
                    result == MessageStore.WriteResult.WRITTEN ? thread.next() : current.thread()));
        }
    }

    private void skipQuietly(Message message) {
        try {
            messages.skip(message.channelId(), message.seq(), clock.millis(), message.expiresAt());
        } catch (RuntimeException e) {
            LOG.warn("seq {} of channel {} left for readers to fill as skipped", message.seq(), message.channelId(), e);
        }
    }

    /** Why no seq was handed out: the channel is archived, or gone. */
    private ParleyException closed(String channelId) {
        return channels.find(channelId).filter(Channel::archived).<ParleyException>map(c -> new ArchivedException(channelId))
                .orElseGet(() -> new NotFoundException("no channel " + channelId));
    }

    /** Edits and reactions are writes to the channel: an archived one refuses them. */
    private void requireOpen(String channelId) {
        if (channels.find(channelId).map(Channel::archived).orElse(false)) {
            throw new ArchivedException(channelId);
        }
    }

    public Ack edit(String userId, Action.EditMessage action) {
        rateLimiter.acquire(userId, RateLimits.EDIT_MESSAGE);
        membership.require(action.channelId(), userId);
        requireOpen(action.channelId());
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

    /**
     * Deletes a message, by its sender or a channel owner, and the objects it attached; only objects its sender
     * uploaded, whatever keys the stored message lists.
     */
    public Ack delete(String userId, Action.DeleteMessage action) {
        rateLimiter.acquire(userId, RateLimits.DELETE_MESSAGE);
        var member = membership.require(action.channelId(), userId);
        var message = existing(action.channelId(), action.seq());
        if (!message.senderId().equals(userId) && !Member.OWNER.equals(member.role())) {
            throw new ForbiddenException("only the sender or a channel owner can delete a message");
        }
        var now = clock.millis();
        var tombstone = messages.delete(action.channelId(), action.seq(), now)
                .orElseThrow(() -> new NotFoundException("no message " + action.seq() + " in channel " + action.channelId()));
        for (var key : message.attachments()) {
            if (AttachmentService.isAttachmentOf(key, message.channelId(), message.senderId())) {
                objects.delete(key);
            } else {
                LOG.warn("seq {} of channel {} lists an object its sender did not upload; it is kept", message.seq(),
                        message.channelId());
            }
        }
        events.publish(Events.of("deleted:" + tombstone.channelId() + ":" + tombstone.seq(), Event.MESSAGE_DELETED,
                tombstone.channelId(), userId, now, EventFrames.messageDeleted(tombstone, userId)));
        return new Ack(tombstone.channelId(), tombstone.seq());
    }

    public Ack react(String userId, Action.React action) {
        rateLimiter.acquire(userId, RateLimits.REACT);
        membership.require(action.channelId(), userId);
        requireOpen(action.channelId());
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

    /**
     * A send stored before answers with its original ack. Its event went out with the original send, which is why a
     * resend does not publish it to every member again; only when the original publish was seen to fail (and marked
     * so) does the first resend after it publish, once.
     */
    private SendAck resent(String channelId, long seq) {
        var message = existing(channelId, seq);
        if (throttles.take(undeliveredKey(message), clock.millis() / 1000)) {
            publishPosted(message, message.isReply() ? messages.find(channelId, message.threadSeq()).orElse(null) : null);
        }
        return ack(message);
    }

    /** The event of a stored message; its id depends only on the message, so every publish of it is recognisably the same. */
    static Event posted(Message message) {
        return Events.of("posted:" + message.channelId() + ":" + message.seq(), Event.MESSAGE_POSTED,
                message.channelId(), message.senderId(), message.createdAt(), EventFrames.message(message));
    }

    /**
     * The event of a root's summary; its id depends only on the root and its reply count, so the publishes of one
     * summary are recognisably the same.
     */
    static Event threadUpdated(Message root, String actorId) {
        return Events.of("thread:" + root.channelId() + ":" + root.seq() + ":" + root.thread().replyCount(), Event.THREAD_UPDATED,
                root.channelId(), actorId, root.thread().lastReplyAt(), EventFrames.threadUpdated(root.channelId(), root.seq(),
                        root.thread()));
    }

    /** Publishes a stored message and, for a reply, its root's summary beside it, not after it. */
    private void publishPosted(Message message, Message root) {
        try {
            if (root == null || !root.thread().hasReplies()) {
                events.publish(posted(message));
            } else {
                var thread = Concurrently.run(() -> events.publish(threadUpdated(root, message.senderId())));
                try {
                    events.publish(posted(message));
                } finally {
                    // Waited for whatever happens to the post, so that no publish of this send outlives its answer.
                    thread.join();
                }
            }
        } catch (RuntimeException e) {
            markUndelivered(message);
            throw new DeliveryPendingException("message stored as seq " + message.seq()
                    + " but not yet delivered; send it again with the same clientMsgId", e);
        }
    }

    private void markUndelivered(Message message) {
        var nowSeconds = clock.millis() / 1000;
        try {
            throttles.claim(undeliveredKey(message), message.createdAt() / 1000 + DEDUP_WINDOW.toSeconds(), nowSeconds);
        } catch (RuntimeException e) {
            LOG.warn("seq {} of channel {} not marked undelivered; a resend will not publish it", message.seq(),
                    message.channelId(), e);
        }
    }

    private static String undeliveredKey(Message message) {
        return "undelivered#" + message.channelId() + "#" + message.seq();
    }

    /** Only the sender's own uploads to this channel, present and within the rules, can be attached. */
    private void checkUploads(String channelId, String senderId, Action.SendMessage action) {
        for (var key : action.attachmentKeys()) {
            if (!AttachmentService.isUploadOf(key, channelId, senderId)) {
                throw new ForbiddenException("attachment " + key + " is not an upload of yours to channel " + channelId);
            }
            var info = objects.head(key).orElseThrow(() -> new BadRequestException("attachment " + key + " was not uploaded"));
            var rejection = AttachmentService.rejection(info);
            if (rejection != null) {
                throw new BadRequestException("attachment " + key + " cannot be attached: " + rejection);
            }
        }
    }

    /** Copies each upload to a key of this message, which no upload URL can write. */
    private List<String> attach(List<String> uploadKeys, String messageId) {
        var attached = new ArrayList<String>();
        for (var key : uploadKeys) {
            var target = AttachmentService.attachedKey(key, messageId);
            objects.copy(key, target);
            attached.add(target);
        }
        return attached;
    }

    private void deleteQuietly(String key) {
        try {
            objects.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("an unused attachment copy was left to expire", e);
        }
    }

    /** The root of the thread a reply to {@code threadSeq} joins; null for a message that is no reply. */
    private Message threadRoot(String channelId, Long threadSeq) {
        if (threadSeq == null) {
            return null;
        }
        var target = liveRoot(channelId, threadSeq);
        // A reply to a reply joins the root's thread: threads are one level deep.
        return target.isReply() ? liveRoot(channelId, target.threadSeq()) : target;
    }

    private Message liveRoot(String channelId, long seq) {
        var root = messages.find(channelId, seq).filter(message -> !message.skipped())
                .orElseThrow(() -> new NotFoundException("no message " + seq + " to reply to"));
        if (root.deleted()) {
            throw new ConflictException("message " + seq + " was deleted");
        }
        return root;
    }

    /** The users among {@code userIds} who are members of the channel, in the order given; the others are left out. */
    private List<String> mentionedMembers(String channelId, List<String> userIds) {
        var found = userIds.stream().map(userId -> Concurrently.call(() -> members.find(channelId, userId))).toList();
        var mentioned = new ArrayList<String>();
        for (int i = 0; i < userIds.size(); i++) {
            if (found.get(i).join().isPresent()) {
                mentioned.add(userIds.get(i));
            }
        }
        return mentioned;
    }

    /**
     * {@code <!here>} and {@code <!channel>} reach everyone, which in a large channel is many pushes and interruptions:
     * there only an owner of the channel may use them.
     */
    private void checkBroadcast(String channelId, Member sender) {
        if (Member.OWNER.equals(sender.role())) {
            return;
        }
        var channel = channels.find(channelId).orElseThrow(() -> new NotFoundException("no channel " + channelId));
        if (channel.memberCount() > NotifyService.LARGE_CHANNEL_MEMBERS) {
            throw new ForbiddenException("only an owner of a channel of more than " + NotifyService.LARGE_CHANNEL_MEMBERS
                    + " members may mention <!here> or <!channel>");
        }
    }

    private Long expiresAt(long now) {
        return retention.isZero() ? null : now / 1000 + retention.toSeconds();
    }

    private static SendAck ack(Message message) {
        return new SendAck(message.channelId(), message.seq(), message.messageId(), message.clientMsgId(), message.createdAt(),
                message.mentions());
    }
}
