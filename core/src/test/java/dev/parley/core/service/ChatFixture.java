package dev.parley.core.service;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.MutableClock;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.store.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Services wired on in-memory stores, as the functions wire them on DynamoDB. */
final class ChatFixture {

    final InMemoryChat chat = new InMemoryChat();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:15:30Z"));
    final RateLimiter rateLimiter = new RateLimiter(chat.throttleStore, clock, kind -> 1_000);
    final ConnectionService connections = new ConnectionService(chat.connectionStore, chat.presenceStore, chat.memberStore,
            chat.channelConnectionStore, chat.eventPublisher, clock);
    final ChannelService channels = new ChannelService(chat.channelStore, chat.createRequestStore, chat.memberStore, chat.messageStore,
            chat.presenceStore, chat.channelConnectionStore, chat.eventPublisher, rateLimiter, clock);
    final MessageService messages = new MessageService(chat.channelStore, chat.memberStore, chat.messageStore, chat.objectStore,
            chat.eventPublisher, chat.throttleStore, rateLimiter, clock, Duration.ZERO);
    final PresenceService presence = new PresenceService(chat.memberStore, chat.presenceStore, chat.presenceWatchStore,
            chat.throttleStore, chat.eventPublisher, new RateLimiter(chat.throttleStore, clock), clock);
    final PublishRecoveryService recovery = new PublishRecoveryService(chat.pendingPublishStore, chat.messageStore,
            chat.eventPublisher, clock);
    final FanoutService fanout = new FanoutService(chat.channelConnectionStore, chat.presenceStore, chat.presenceWatchStore,
            chat.notifier, connections, chat.shardQueue, chat.pendingPublishStore, 500, 4);
    final ChannelAdministration administration = new ChannelAdministration(chat.channelStore, chat.memberStore,
            chat.presenceStore, chat.channelConnectionStore, chat.eventPublisher, rateLimiter, clock);
    final AttachmentService attachments = new AttachmentService(chat.memberStore, chat.objectStore, rateLimiter);
    final UploadCheckService uploadCheck = new UploadCheckService(chat.objectStore);
    final ThreadService threads = new ThreadService(chat.memberStore, chat.messageStore, chat.threadStore);

    String groupWith(String owner, String... others) {
        var channelId = "c-test" + chat.channels.size();
        chat.channelStore.create(new Channel(channelId, "test", ChannelKind.GROUP, owner, 0, 0, 1 + others.length),
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(new Member(channelId, owner, Member.OWNER, 0, 0, false)),
                        java.util.Arrays.stream(others).map(o -> new Member(channelId, o, Member.MEMBER, 0, 0, false))).toList());
        return channelId;
    }

    /** What {@code userId} uploaded through a URL of {@code requestUpload}: its key. */
    String uploaded(String userId, String channelId, String fileName, long size, String contentType) {
        var key = attachments.requestUpload(userId, channelId, fileName, contentType, size).key();
        chat.objects.put(key, new ObjectStore.ObjectInfo(key, size, contentType));
        return key;
    }

    void setMuted(String channelId, String userId) {
        var m = chat.memberStore.find(channelId, userId).orElseThrow();
        chat.members.put(channelId + "|" + userId, new Member(channelId, userId, m.role(), m.joinedAt(), m.lastReadSeq(), true));
    }

    static List<String> list(String... values) {
        return List.of(values);
    }

    /** The members besides the owner of a channel large enough that notify pushes mentions only: user0, user1, … */
    static List<String> largeChannelMembers() {
        var others = new ArrayList<String>();
        for (int i = 0; i < NotifyService.LARGE_CHANNEL_MEMBERS + 5; i++) {
            others.add("user" + i);
        }
        return others;
    }
}
