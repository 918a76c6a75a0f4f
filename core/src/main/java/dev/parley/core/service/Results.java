package dev.parley.core.service;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.model.NotificationPreferences;
import dev.parley.core.model.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the services answer; handlers turn these into response frames. */
public final class Results {

    private Results() {
    }

    /** {@code muted} is derived from {@code notifications}: nothing of the channel is pushed now; {@code role} is the caller's. */
    public record ChannelSummary(Channel channel, long lastReadSeq, long unread, boolean muted, NotificationPreferences notifications,
                                 String role) {
        public ChannelSummary {
            Objects.requireNonNull(notifications, "notifications");
        }
    }

    public record MemberView(Member member, boolean online) {
    }

    public record ChannelList(Page<ChannelSummary> page) {
    }

    public record MemberList(String channelId, Page<MemberView> page) {
    }

    /** A history page; with {@code excludeReplies} its replies are shown as placeholders. */
    public record History(String channelId, List<Message> messages, boolean hasMore, boolean excludeReplies) {
        public History {
            messages = List.copyOf(messages);
        }

        public History(String channelId, List<Message> messages, boolean hasMore) {
            this(channelId, messages, hasMore, false);
        }
    }

    /** The ack of a stored send: the original one, also when the send was a retry; with the mentions the send accepted. */
    public record SendAck(String channelId, long seq, String messageId, String clientMsgId, long createdAt, Mentions mentions) {
        public SendAck {
            Objects.requireNonNull(mentions, "mentions");
        }
    }

    /** The ack of an edit, a delete, a reaction or a read mark. */
    public record Ack(String channelId, long seq) {
    }

    public record PresenceStatus(String userId, boolean online, Long lastSeenAt) {
    }

    public record Upload(String key, String url, String method, Map<String, String> headers, Instant expiresAt) {
        public Upload {
            headers = Map.copyOf(headers);
        }
    }

    public record Download(String key, String url, Instant expiresAt) {
    }

    public record DeviceRegistered(String deviceId, String platform, boolean pushEndpoint) {
    }

    /** The ack of {@code setNotifications}: the preferences as stored. */
    public record NotificationsSet(String channelId, NotificationPreferences notifications) {
        public NotificationsSet {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(notifications, "notifications");
        }
    }

    /** A thread: its root, with its summary, and a page of its replies, oldest first. */
    public record ThreadPage(String channelId, Message root, List<Message> replies, boolean hasMore) {
        public ThreadPage {
            Objects.requireNonNull(root, "root");
            replies = List.copyOf(replies);
        }
    }

    /** A channel with the caller's role in it, null when the caller is not a member. */
    public record ChannelView(Channel channel, String role) {
        public ChannelView {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** The answer to {@code removeMember}: {@code userId} is not a member of the channel (any more). */
    public record Removed(String channelId, String userId) {
    }

    /** The answer to {@code setRole}: {@code userId} has {@code role} in the channel. */
    public record RoleSet(String channelId, String userId, String role) {
    }
}
