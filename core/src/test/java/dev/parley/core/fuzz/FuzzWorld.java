package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Connection;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Presence;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.service.AttachmentService;
import dev.parley.core.service.ChannelAdministration;
import dev.parley.core.service.ChannelService;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.service.DeviceService;
import dev.parley.core.service.FanoutService;
import dev.parley.core.service.MessageService;
import dev.parley.core.service.NotifyService;
import dev.parley.core.service.PresenceService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.service.ThreadService;
import dev.parley.core.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A small chat the fuzzed frames land in, so that valid frames reach the services' success paths: a group channel
 * with messages (a thread of one reply, one deleted, one seq never written), a direct channel, a channel above the large-channel size, an
 * uploaded attachment, connected users and a push device. Built fresh for every case, so no case depends on another.
 */
public final class FuzzWorld {

    public static final String GROUP = "c-fuzz0";
    public static final String DIRECT = "c-direct0";
    public static final String LARGE = "c-large0";
    public static final String MISSING = "c-missing0";
    public static final List<String> CHANNELS = List.of(GROUP, DIRECT, LARGE, MISSING);
    public static final List<String> USERS = List.of("alice", "bob", "carol", "mallory");
    /** Members of {@link #GROUP}; {@code carol} and {@code mallory} are members of nothing but {@link #LARGE}. */
    public static final Set<String> GROUP_MEMBERS = Set.of("alice", "bob");
    public static final String UPLOADED = "attachments/" + GROUP + "/aaaaaaaaaaaaaaaaaaaa/photo.png";
    public static final String UPLOADED_ELSEWHERE = "attachments/" + LARGE + "/bbbbbbbbbbbbbbbbbbbb/notes.txt";
    /** Connections of the seeded users, named {@code conn-<user>}. */
    public static final String CONNECTION_PREFIX = "conn-";

    private static final long NOW = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    public final InMemoryChat chat = new InMemoryChat();
    public final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    private FuzzWorld() {
    }

    public static FuzzWorld create() {
        var world = new FuzzWorld();
        world.seed();
        return world;
    }

    private void seed() {
        var hourAgo = NOW - 3_600_000;
        chat.channelStore.create(new Channel(GROUP, "general", ChannelKind.GROUP, "alice", hourAgo, 4, 2), List.of(
                new Member(GROUP, "alice", Member.OWNER, hourAgo, 1, false), new Member(GROUP, "bob", Member.MEMBER, hourAgo, 0, false)));
        chat.channelStore.create(new Channel(DIRECT, null, ChannelKind.DIRECT, "alice", hourAgo, 0, 2), List.of(
                new Member(DIRECT, "alice", Member.MEMBER, hourAgo, 0, false),
                new Member(DIRECT, "bob", Member.MEMBER, hourAgo, 0, false)));
        chat.channelStore.create(new Channel(LARGE, "town hall", ChannelKind.GROUP, "carol", hourAgo, 1, 5_000), List.of(
                new Member(LARGE, "carol", Member.OWNER, hourAgo, 0, false), new Member(LARGE, "mallory", Member.MEMBER, hourAgo, 0, false),
                new Member(LARGE, "bob", Member.MEMBER, hourAgo, 0, true)));
        chat.messages.put(GROUP + "|1", new Message(GROUP, 1, "m-1", "alice", "hi @bob", List.of(UPLOADED), hourAgo, null, false,
                Map.of("👍", Set.of("bob")), "cm-1", null, null).withThread(new ThreadSummary(1, hourAgo, 2, List.of("bob"))));
        chat.messages.put(GROUP + "|2", new Message(GROUP, 2, "m-2", "bob", "hello", List.of(), hourAgo, null, false, Map.of(), "cm-2",
                1L, null));
        chat.messages.put(GROUP + "|3", new Message(GROUP, 3, "m-3", "alice", "", List.of(), hourAgo, hourAgo, true, Map.of(), "cm-3",
                null, null));
        chat.messages.put(LARGE + "|1", new Message(LARGE, 1, "m-4", "carol", "welcome @mallory", List.of(), hourAgo, null, false,
                Map.of(), "cm-4", null, null));
        chat.dedup.put(MessageService.dedupKey(GROUP, "alice", "cm-1"), 1L);
        chat.objects.put(UPLOADED, new ObjectStore.ObjectInfo(UPLOADED, 2_048, "image/png"));
        chat.objects.put(UPLOADED_ELSEWHERE, new ObjectStore.ObjectInfo(UPLOADED_ELSEWHERE, 10, "text/plain"));
        for (var user : List.of("alice", "carol")) {
            var connectionId = CONNECTION_PREFIX + user;
            chat.connections.put(connectionId, new Connection(connectionId, user, hourAgo,
                    ConnectionService.sweepBucket(Instant.ofEpochMilli(hourAgo), connectionId), NOW / 1000 + 86_400));
            chat.presence.put(user, new Presence(user, Set.of(connectionId), hourAgo));
        }
        chat.channelConnections.put(GROUP, new ConcurrentHashMap<>(Map.of(CONNECTION_PREFIX + "alice", "alice")));
        chat.channelConnections.put(DIRECT, new ConcurrentHashMap<>(Map.of(CONNECTION_PREFIX + "alice", "alice")));
        chat.channelConnections.put(LARGE, new ConcurrentHashMap<>(Map.of(CONNECTION_PREFIX + "carol", "carol")));
        chat.devices.put("bob|d-1", new Device("bob", "d-1", "apns", "arn:aws:sns:us-east-1:000000000000:endpoint/APNS/app/1", hourAgo));
        chat.platformApplications.put("apns", "arn:aws:sns:us-east-1:000000000000:app/APNS/parley");
    }

    /** How many members each channel counts and holds; compare two of them with {@link #assertConsistentWith}. */
    public record Counts(Map<String, Long> memberCounts, Map<String, Long> memberRecords, Map<String, Long> ownerCounts,
                         Map<String, Long> ownerRecords) {
    }

    public Counts counts() {
        var memberCounts = new HashMap<String, Long>();
        chat.channels.values().forEach(channel -> memberCounts.put(channel.channelId(), channel.memberCount()));
        var memberRecords = chat.members.values().stream().collect(Collectors.groupingBy(Member::channelId, Collectors.counting()));
        var ownerCounts = new HashMap<String, Long>();
        chat.channels.values().forEach(channel -> ownerCounts.put(channel.channelId(), channel.ownerCount()));
        var ownerRecords = chat.members.values().stream().filter(member -> Member.OWNER.equals(member.role()))
                .collect(Collectors.groupingBy(Member::channelId, Collectors.counting()));
        return new Counts(memberCounts, memberRecords, ownerCounts, ownerRecords);
    }

    /**
     * What no action may break, whatever frame it was given: every stored message or skipped entry is at a seq its
     * channel has handed out, every membership belongs to a channel, a channel's member and owner counts move with its
     * member records, and a channel that had an owner keeps one while it keeps members.
     */
    public void assertConsistentWith(Counts before) {
        chat.messages.values().forEach(message -> {
            var channel = chat.channels.get(message.channelId());
            assertThat(channel).as("channel of message %s|%d", message.channelId(), message.seq()).isNotNull();
            assertThat(message.seq()).as("seq of message in %s, whose lastSeq is %d", message.channelId(), channel.lastSeq())
                    .isBetween(1L, channel.lastSeq());
        });
        var after = counts();
        assertThat(after.memberCounts().keySet()).as("channels of the member records").containsAll(after.memberRecords().keySet());
        after.memberCounts().forEach((channelId, count) -> {
            var counted = count - before.memberCounts().getOrDefault(channelId, 0L);
            var recorded = after.memberRecords().getOrDefault(channelId, 0L) - before.memberRecords().getOrDefault(channelId, 0L);
            assertThat(counted).as("change of %s's member count against its member records", channelId).isEqualTo(recorded);
        });
        after.ownerCounts().forEach((channelId, count) -> {
            var counted = count - before.ownerCounts().getOrDefault(channelId, 0L);
            var recorded = after.ownerRecords().getOrDefault(channelId, 0L) - before.ownerRecords().getOrDefault(channelId, 0L);
            assertThat(counted).as("change of %s's owner count against its owners", channelId).isEqualTo(recorded);
            var members = after.memberRecords().getOrDefault(channelId, 0L);
            var owners = after.ownerRecords().getOrDefault(channelId, 0L);
            if (members > 0 && before.ownerRecords().getOrDefault(channelId, 0L) > 0) {
                assertThat(owners).as("owners of %s, which keeps %d members", channelId, members).isPositive();
            }
        });
    }

    /** A limiter no fuzz run reaches, so that writes are checked instead of refused as too many. */
    public RateLimiter rateLimiter() {
        return new RateLimiter(chat.throttleStore, clock, kind -> 1_000_000);
    }

    public ChannelService channelService() {
        return new ChannelService(chat.channelStore, chat.createRequestStore,
                chat.memberStore, chat.messageStore, chat.presenceStore, chat.channelConnectionStore,
                chat.eventPublisher, rateLimiter(), clock);
    }

    public ThreadService threadService() {
        return new ThreadService(chat.memberStore, chat.messageStore, chat.threadStore);
    }

    public ChannelAdministration channelAdministration() {
        return new ChannelAdministration(chat.channelStore, chat.memberStore, chat.presenceStore, chat.channelConnectionStore,
                chat.eventPublisher, rateLimiter(), clock);
    }

    public MessageService messageService() {
        return new MessageService(chat.channelStore, chat.memberStore, chat.messageStore, chat.objectStore, chat.eventPublisher,
                chat.throttleStore, rateLimiter(), clock, Duration.ofDays(30));
    }

    public PresenceService presenceService() {
        return new PresenceService(chat.memberStore, chat.presenceStore, chat.presenceWatchStore, chat.throttleStore, chat.eventPublisher,
                new RateLimiter(chat.throttleStore, clock), clock);
    }

    public AttachmentService attachmentService() {
        return new AttachmentService(chat.memberStore, chat.objectStore, rateLimiter());
    }

    public DeviceService deviceService() {
        return new DeviceService(chat.deviceStore, chat.pushEndpoints, rateLimiter(), clock);
    }

    public ConnectionService connectionService() {
        return new ConnectionService(chat.connectionStore, chat.presenceStore, chat.memberStore, chat.channelConnectionStore,
                chat.eventPublisher, clock);
    }

    public FanoutService fanoutService() {
        return new FanoutService(chat.channelConnectionStore, chat.presenceStore, chat.presenceWatchStore, chat.notifier,
                connectionService(), chat.shardQueue, chat.pendingPublishStore, 100, 4);
    }

    public NotifyService notifyService() {
        return new NotifyService(chat.channelStore, chat.memberStore, chat.presenceStore, chat.deviceStore, chat.throttleStore,
                chat.pushGateway, chat.delayedQueue, clock, Duration.ofSeconds(1805));
    }
}
