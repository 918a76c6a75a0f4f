package dev.parley.core.fakes;

import dev.parley.core.model.Channel;
import dev.parley.core.model.ChannelConnection;
import dev.parley.core.model.Connection;
import dev.parley.core.model.CreateRequest;
import dev.parley.core.model.Device;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Page;
import dev.parley.core.model.Presence;
import dev.parley.core.model.PresenceWatch;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotificationLevel;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.ConnectionNotifier;
import dev.parley.core.store.ConnectionStore;
import dev.parley.core.store.CreateRequestStore;
import dev.parley.core.store.DelayedQueue;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.InvalidCursorException;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.MessageStore;
import dev.parley.core.store.ObjectStore;
import dev.parley.core.store.PendingPublishStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PresenceWatchStore;
import dev.parley.core.store.PushEndpoints;
import dev.parley.core.store.PushGateway;
import dev.parley.core.store.ShardQueue;
import dev.parley.core.store.ThreadStore;
import dev.parley.core.store.ThrottleStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Hand-written in-memory implementations of every store port, sharing one state, for unit tests. */
public final class InMemoryChat {

    public final Map<String, Channel> channels = new ConcurrentHashMap<>();
    public final Map<String, Member> members = new ConcurrentHashMap<>();
    public final Map<String, Message> messages = new ConcurrentHashMap<>();
    public final Map<String, Long> dedup = new ConcurrentHashMap<>();
    public final Map<String, CreateRequest> createRequests = new ConcurrentHashMap<>();
    /** Sends marked pending publication: dedup key to when. */
    public final Map<String, Long> pendingPublish = new ConcurrentHashMap<>();
    public volatile boolean failClearingPending;
    public final Map<String, Long> lastAllocatedAt = new ConcurrentHashMap<>();
    /**
     * Runs once, inside the next write of a reply, just before it would update its root: what another reply racing it
     * does. The write then sees the root as that left it.
     */
    public volatile Runnable beforeRootUpdate;
    /** How many coming message writes fail, as a store that is down would. */
    public volatile int failingWrites;
    public final Map<String, Connection> connections = new ConcurrentHashMap<>();
    public final Map<String, Presence> presence = new ConcurrentHashMap<>();
    public final Map<String, PresenceWatch> watches = new ConcurrentHashMap<>();
    /** Each connection's watch list. */
    public final Map<String, Set<String>> watchLists = new ConcurrentHashMap<>();
    /** Channel audiences: channelId to connectionId to userId. */
    public final Map<String, Map<String, String>> channelConnections = new ConcurrentHashMap<>();
    public final Map<String, Device> devices = new ConcurrentHashMap<>();
    public final Map<String, long[]> throttles = new ConcurrentHashMap<>();
    public final Map<String, ObjectStore.ObjectInfo> objects = new ConcurrentHashMap<>();
    public final List<Event> published = new CopyOnWriteArrayList<>();
    public final List<String> shardJobs = new CopyOnWriteArrayList<>();
    /** Records sent to a delayed queue, in order, each with its delay. */
    public final List<Delayed> delayed = new CopyOnWriteArrayList<>();
    /** Counters whose {@code add} fails. */
    public final Set<String> failingCounters = ConcurrentHashMap.newKeySet();
    public volatile boolean failDelayedSends;
    public final List<String> notifications = new CopyOnWriteArrayList<>();
    public final List<String> endpointPushes = new CopyOnWriteArrayList<>();
    public final Map<String, List<String>> posted = new ConcurrentHashMap<>();
    public final Set<String> goneConnections = ConcurrentHashMap.newKeySet();
    public final Set<String> closedConnections = ConcurrentHashMap.newKeySet();
    public final Set<String> throttledConnections = ConcurrentHashMap.newKeySet();
    public final Set<String> disabledEndpoints = ConcurrentHashMap.newKeySet();
    /** Users whose push notification the notifications topic refuses. */
    public final Set<String> failNotificationsFor = ConcurrentHashMap.newKeySet();
    public final Map<String, String> platformApplications = new HashMap<>();
    public volatile boolean failPublishing;

    /** Cursors here are a listing and an offset into it; a cursor this listing did not hand out is refused, as the port says. */
    private static int offset(String listing, String cursor, int size) {
        var prefix = listing + "@";
        if (!cursor.startsWith(prefix)) {
            throw new InvalidCursorException("cursor is not a cursor of this listing");
        }
        try {
            var offset = Integer.parseInt(cursor.substring(prefix.length()));
            if (offset < 1 || offset >= size) {
                throw new InvalidCursorException("cursor is not a cursor returned by the server");
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new InvalidCursorException("cursor is not a cursor returned by the server");
        }
    }

    private static String memberKey(String channelId, String userId) {
        return channelId + "|" + userId;
    }

    private static String messageKey(String channelId, long seq) {
        return channelId + "|" + seq;
    }

    public final ChannelStore channelStore = new ChannelStore() {
        @Override
        public Optional<Channel> find(String channelId) {
            return Optional.ofNullable(channels.get(channelId));
        }

        @Override
        public Map<String, Channel> findAll(Collection<String> channelIds) {
            var found = new HashMap<String, Channel>();
            channelIds.forEach(id -> Optional.ofNullable(channels.get(id)).ifPresent(c -> found.put(id, c)));
            return found;
        }

        @Override
        public synchronized boolean create(Channel channel, List<Member> initial) {
            if (channels.containsKey(channel.channelId())) {
                return false;
            }
            var count = initial.stream().map(Member::userId).distinct().count();
            var owners = initial.stream().filter(m -> Member.OWNER.equals(m.role())).map(Member::userId).distinct().count();
            channels.put(channel.channelId(), channel.withCounts(count, owners));
            initial.forEach(m -> members.put(memberKey(m.channelId(), m.userId()), m));
            return true;
        }

        @Override
        public synchronized AddResult addMember(Member member) {
            var channel = channels.get(member.channelId());
            if (channel == null) {
                return AddResult.NO_CHANNEL;
            }
            if (channel.archived()) {
                return AddResult.ARCHIVED;
            }
            if (members.putIfAbsent(memberKey(member.channelId(), member.userId()), member) != null) {
                return AddResult.ALREADY_MEMBER;
            }
            channels.computeIfPresent(member.channelId(), (id, c) -> c.withCounts(c.memberCount() + 1, c.ownerCount()));
            return AddResult.ADDED;
        }

        @Override
        public synchronized RemoveResult removeMember(String channelId, String userId) {
            var channel = channels.get(channelId);
            var member = members.get(memberKey(channelId, userId));
            if (channel == null || member == null) {
                return RemoveResult.NOT_MEMBER;
            }
            var owner = Member.OWNER.equals(member.role());
            if (owner && channel.ownerCount() <= 1 && channel.memberCount() > 1) {
                return RemoveResult.LAST_OWNER;
            }
            members.remove(memberKey(channelId, userId));
            channels.put(channelId, channel.withCounts(channel.memberCount() - 1, channel.ownerCount() - (owner ? 1 : 0)));
            return RemoveResult.REMOVED;
        }

        @Override
        public synchronized RoleResult setRole(String channelId, String userId, String role) {
            var channel = channels.get(channelId);
            var member = members.get(memberKey(channelId, userId));
            if (channel == null || member == null) {
                return RoleResult.NOT_MEMBER;
            }
            if (member.role().equals(role)) {
                return RoleResult.UNCHANGED;
            }
            var promote = Member.OWNER.equals(role);
            if (!promote && channel.ownerCount() <= 1) {
                return RoleResult.LAST_OWNER;
            }
            members.put(memberKey(channelId, userId), new Member(channelId, userId, role, member.joinedAt(), member.lastReadSeq(),
                    member.muted()));
            channels.put(channelId, channel.withCounts(channel.memberCount(), channel.ownerCount() + (promote ? 1 : -1)));
            return RoleResult.CHANGED;
        }

        @Override
        public synchronized UpdateResult rename(String channelId, String name) {
            return update(channelId, false, c -> c.name().equals(name), c -> c.withName(name));
        }

        @Override
        public synchronized UpdateResult setTopic(String channelId, String topic) {
            return update(channelId, false, c -> c.topic().equals(topic), c -> c.withTopic(topic));
        }

        @Override
        public synchronized UpdateResult setArchived(String channelId, boolean archived) {
            return update(channelId, true, c -> c.archived() == archived, c -> c.withArchived(archived));
        }

        private UpdateResult update(String channelId, boolean evenIfArchived, Predicate<Channel> unchanged,
                                    UnaryOperator<Channel> change) {
            var channel = channels.get(channelId);
            if (channel == null) {
                return UpdateResult.NO_CHANNEL;
            }
            if (!evenIfArchived && channel.archived()) {
                return UpdateResult.ARCHIVED;
            }
            if (unchanged.test(channel)) {
                return UpdateResult.UNCHANGED;
            }
            channels.put(channelId, change.apply(channel));
            return UpdateResult.UPDATED;
        }
    };

    public final CreateRequestStore createRequestStore = new CreateRequestStore() {
        @Override
        public synchronized CreateRequest claim(CreateRequest request, long nowEpochSeconds) {
            var stored = createRequests.get(request.requestKey());
            if (stored != null && stored.expiresAt() > nowEpochSeconds) {
                return stored;
            }
            createRequests.put(request.requestKey(), request);
            return request;
        }
    };

    public final MemberStore memberStore = new MemberStore() {
        @Override
        public Optional<Member> find(String channelId, String userId) {
            return Optional.ofNullable(members.get(memberKey(channelId, userId)));
        }

        @Override
        public Page<Member> listByChannel(String channelId, String cursor, int limit) {
            return page(members.values().stream().filter(m -> m.channelId().equals(channelId))
                    .sorted((a, b) -> a.userId().compareTo(b.userId())).toList(), "channel:" + channelId, cursor, limit);
        }

        @Override
        public Page<Member> listByUser(String userId, String cursor, int limit) {
            return page(members.values().stream().filter(m -> m.userId().equals(userId))
                    .sorted((a, b) -> a.channelId().compareTo(b.channelId())).toList(), "user:" + userId, cursor, limit);
        }

        @Override
        public void forEachPage(String channelId, Consumer<List<Member>> page) {
            String cursor = null;
            do {
                var next = listByChannel(channelId, cursor, 3);
                page.accept(next.items());
                cursor = next.cursor();
            } while (cursor != null);
        }

        @Override
        public synchronized boolean advanceRead(String channelId, String userId, long seq) {
            var member = members.get(memberKey(channelId, userId));
            if (member == null || member.lastReadSeq() >= seq) {
                return false;
            }
            members.put(memberKey(channelId, userId), member.withLastReadSeq(seq));
            return true;
        }

        @Override
        public synchronized Optional<Member> setNotifications(String channelId, String userId, NotificationLevel level,
                                                              Long mutedUntil) {
            var member = members.get(memberKey(channelId, userId));
            if (member == null) {
                return Optional.empty();
            }
            var updated = new Member(channelId, userId, member.role(), member.joinedAt(), member.lastReadSeq(), false, level,
                    mutedUntil);
            members.put(memberKey(channelId, userId), updated);
            return Optional.of(updated);
        }

        private Page<Member> page(List<Member> all, String listing, String cursor, int limit) {
            int from = cursor == null ? 0 : offset(listing, cursor, all.size());
            int to = Math.min(all.size(), from + limit);
            return new Page<>(all.subList(from, to), to < all.size() ? listing + "@" + to : null);
        }
    };

    public final ChannelConnectionStore channelConnectionStore = new ChannelConnectionStore() {
        @Override
        public void putAll(Collection<ChannelConnection> entries, long expiresAt) {
            entries.forEach(entry -> channelConnections.computeIfAbsent(entry.channelId(), id -> new ConcurrentHashMap<>())
                    .put(entry.connectionId(), entry.userId()));
        }

        @Override
        public void removeAll(Collection<ChannelConnection> entries) {
            entries.forEach(entry -> channelConnections.getOrDefault(entry.channelId(), new HashMap<>()).remove(entry.connectionId()));
        }

        @Override
        public void forEachPage(String channelId, Consumer<List<ChannelConnection>> page) {
            var entries = new ArrayList<ChannelConnection>();
            channelConnections.getOrDefault(channelId, Map.of())
                    .forEach((connectionId, userId) -> entries.add(new ChannelConnection(channelId, connectionId, userId)));
            if (!entries.isEmpty()) {
                page.accept(entries);
            }
        }
    };

    public final MessageStore messageStore = new MessageStore() {
        @Override
        public Optional<Message> find(String channelId, long seq) {
            return Optional.ofNullable(messages.get(messageKey(channelId, seq)));
        }

        @Override
        public Optional<Long> findDedup(String dedupKey) {
            return Optional.ofNullable(dedup.get(dedupKey));
        }

        @Override
        public synchronized OptionalLong allocate(String channelId, long at) {
            var channel = channels.get(channelId);
            if (channel == null || channel.archived()) {
                return OptionalLong.empty();
            }
            var seq = channel.lastSeq() + 1;
            channels.put(channelId, channel.withLastSeq(seq));
            lastAllocatedAt.put(channelId, at);
            return OptionalLong.of(seq);
        }

        @Override
        public Optional<Sequence> sequence(String channelId) {
            return Optional.ofNullable(channels.get(channelId))
                    .map(channel -> new Sequence(channel.lastSeq(), lastAllocatedAt.getOrDefault(channelId, 0L)));
        }

        @Override
        public synchronized WriteResult write(Message message, String dedupKey, long dedupExpiresAt, ThreadUpdate thread) {
            if (failingWrites > 0) {
                failingWrites--;
                throw new IllegalStateException("write refused by the test");
            }
            if (dedup.containsKey(dedupKey)) {
                return WriteResult.DUPLICATE;
            }
            if (messages.containsKey(messageKey(message.channelId(), message.seq()))) {
                return WriteResult.SEQ_TAKEN;
            }
            if (thread != null) {
                var root = messages.get(messageKey(message.channelId(), thread.rootSeq()));
                if (root == null || root.deleted() || root.skipped() || root.thread().replyCount() != thread.expected().replyCount()) {
                    return WriteResult.ROOT_CHANGED;
                }
                if (beforeRootUpdate != null) {
                    var interfere = beforeRootUpdate;
                    beforeRootUpdate = null;
                    interfere.run();
                    return write(message, dedupKey, dedupExpiresAt, thread);
                }
                messages.put(messageKey(message.channelId(), thread.rootSeq()), root.withThread(thread.next()));
            }
            messages.put(messageKey(message.channelId(), message.seq()), message);
            dedup.put(dedupKey, message.seq());
            pendingPublish.put(dedupKey, message.createdAt());
            return WriteResult.WRITTEN;
        }

        @Override
        public synchronized boolean skip(String channelId, long seq, long at, Long expiresAt) {
            return messages.putIfAbsent(messageKey(channelId, seq), Message.skipped(channelId, seq, at, expiresAt)) == null;
        }

        @Override
        public List<Message> range(String channelId, Long afterSeq, Long beforeSeq, int limit, boolean newest) {
            var sorted = new TreeMap<Long, Message>();
            messages.values().stream().filter(m -> m.channelId().equals(channelId))
                    .filter(m -> afterSeq == null || m.seq() > afterSeq)
                    .filter(m -> beforeSeq == null || m.seq() < beforeSeq)
                    .forEach(m -> sorted.put(m.seq(), m));
            var all = new ArrayList<>(sorted.values());
            return newest ? all.subList(Math.max(0, all.size() - limit), all.size()) : all.subList(0, Math.min(limit, all.size()));
        }

        @Override
        public synchronized Optional<Message> edit(String channelId, long seq, String senderId, String text, long editedAt) {
            var m = messages.get(messageKey(channelId, seq));
            if (m == null || m.deleted() || m.skipped() || !m.senderId().equals(senderId)) {
                return Optional.empty();
            }
            var edited = new Message(channelId, seq, m.messageId(), senderId, text, m.attachments(), m.createdAt(), editedAt, false,
                    m.reactions(), m.clientMsgId(), m.threadSeq(), m.expiresAt(), false, m.mentions(), m.thread());
            messages.put(messageKey(channelId, seq), edited);
            return Optional.of(edited);
        }

        @Override
        public synchronized Optional<Message> delete(String channelId, long seq, long deletedAt) {
            var m = messages.get(messageKey(channelId, seq));
            if (m == null || m.skipped()) {
                return Optional.empty();
            }
            if (m.deleted()) {
                return Optional.of(m);
            }
            var tombstone = new Message(channelId, seq, m.messageId(), m.senderId(), "", List.of(), m.createdAt(), deletedAt, true,
                    Map.of(), m.clientMsgId(), m.threadSeq(), m.expiresAt(), false, null, m.thread());
            messages.put(messageKey(channelId, seq), tombstone);
            return Optional.of(tombstone);
        }

        @Override
        public synchronized Optional<Message> react(String channelId, long seq, String emoji, String userId, boolean remove) {
            var m = messages.get(messageKey(channelId, seq));
            if (m == null || m.deleted() || m.skipped()) {
                return Optional.empty();
            }
            var reactions = new HashMap<String, Set<String>>();
            m.reactions().forEach((e, users) -> reactions.put(e, new HashSet<>(users)));
            if (!remove && !reactions.containsKey(emoji) && reactions.size() >= Limits.MAX_REACTION_EMOJI) {
                return Optional.empty();
            }
            var users = reactions.computeIfAbsent(emoji, e -> new HashSet<>());
            if (!remove && !users.contains(userId) && users.size() >= Limits.MAX_REACTION_USERS) {
                return Optional.empty();
            }
            if (remove) {
                users.remove(userId);
            } else {
                users.add(userId);
            }
            var reacted = new Message(channelId, seq, m.messageId(), m.senderId(), m.text(), m.attachments(), m.createdAt(),
                    m.editedAt(), false, reactions, m.clientMsgId(), m.threadSeq(), m.expiresAt(), false, m.mentions(), m.thread());
            messages.put(messageKey(channelId, seq), reacted);
            return Optional.of(reacted);
        }
    };

    /** Replies by thread, read as the index would once it has caught up with every write. */
    public final ThreadStore threadStore = (channelId, rootSeq, afterSeq, limit) -> messages.values().stream()
            .filter(m -> m.channelId().equals(channelId) && !m.skipped() && Long.valueOf(rootSeq).equals(m.threadSeq()))
            .filter(m -> m.seq() > afterSeq)
            .sorted(Comparator.comparingLong(Message::seq))
            .limit(limit)
            .toList();

    public final PendingPublishStore pendingPublishStore = new PendingPublishStore() {
        @Override
        public List<Pending> olderThan(long beforeMillis, int limit) {
            return pendingPublish.entrySet().stream().filter(e -> e.getValue() < beforeMillis).limit(limit)
                    .map(e -> new Pending(e.getKey(), dedup.get(e.getKey()), e.getValue())).toList();
        }

        @Override
        public boolean isPending(String dedupKey) {
            return pendingPublish.containsKey(dedupKey);
        }

        @Override
        public boolean clear(String dedupKey) {
            if (failClearingPending) {
                throw new IllegalStateException("clearing refused by the test");
            }
            pendingPublish.remove(dedupKey);
            return dedup.containsKey(dedupKey);
        }
    };

    public final ConnectionStore connectionStore = new ConnectionStore() {
        @Override
        public void put(Connection connection) {
            connections.put(connection.connectionId(), connection);
        }

        @Override
        public Optional<Connection> find(String connectionId) {
            return Optional.ofNullable(connections.get(connectionId));
        }

        @Override
        public Optional<Connection> remove(String connectionId) {
            return Optional.ofNullable(connections.remove(connectionId));
        }

        @Override
        public List<String> idsInSweepBucket(String sweepBucket) {
            return connections.values().stream().filter(c -> c.sweepBucket().equals(sweepBucket)).map(Connection::connectionId)
                    .toList();
        }
    };

    public final PresenceStore presenceStore = new PresenceStore() {
        @Override
        public synchronized boolean addConnection(String userId, String connectionId, long now) {
            var old = presence.get(userId);
            var ids = new HashSet<String>(old == null ? Set.of() : old.connectionIds());
            var wasOnline = !ids.isEmpty();
            ids.add(connectionId);
            presence.put(userId, new Presence(userId, ids, now));
            return !wasOnline;
        }

        @Override
        public synchronized boolean removeConnection(String userId, String connectionId, long now) {
            var old = presence.get(userId);
            if (old == null || !old.connectionIds().contains(connectionId)) {
                return false;
            }
            var ids = new HashSet<>(old.connectionIds());
            ids.remove(connectionId);
            presence.put(userId, new Presence(userId, ids, now));
            return ids.isEmpty();
        }

        @Override
        public Map<String, Presence> findAll(Collection<String> userIds) {
            var found = new HashMap<String, Presence>();
            userIds.forEach(id -> Optional.ofNullable(presence.get(id)).ifPresent(p -> found.put(id, p)));
            return found;
        }
    };

    public final PresenceWatchStore presenceWatchStore = new PresenceWatchStore() {
        @Override
        public void putAll(List<PresenceWatch> all) {
            all.forEach(w -> watches.put(w.watchedUserId() + "|" + w.connectionId(), w));
        }

        @Override
        public List<PresenceWatch> watchersOf(String watchedUserId) {
            return watches.values().stream().filter(w -> w.watchedUserId().equals(watchedUserId)).toList();
        }

        @Override
        public void remove(String watchedUserId, String connectionId) {
            watches.remove(watchedUserId + "|" + connectionId);
        }

        @Override
        public Set<String> watchedBy(String connectionId) {
            return Set.copyOf(watchLists.getOrDefault(connectionId, Set.of()));
        }

        @Override
        public synchronized boolean addWatched(String connectionId, int expectedSize, Set<String> added, long expiresAt) {
            var current = watchLists.getOrDefault(connectionId, Set.of());
            if (current.size() != expectedSize) {
                return false;
            }
            var next = new HashSet<>(current);
            next.addAll(added);
            watchLists.put(connectionId, next);
            return true;
        }
    };

    public final DeviceStore deviceStore = new DeviceStore() {
        @Override
        public void put(Device device) {
            devices.put(device.userId() + "|" + device.deviceId(), device);
        }

        @Override
        public List<Device> forUser(String userId) {
            return devices.values().stream().filter(d -> d.userId().equals(userId)).toList();
        }

        @Override
        public synchronized void register(Device device, java.util.Collection<Registration> removals) {
            if (removals.size() > MAX_REMOVALS || removals.contains(new Registration(device.userId(), device.deviceId()))) {
                throw new IllegalArgumentException("not one valid transaction");
            }
            removals.forEach(removal -> devices.remove(removal.userId() + "|" + removal.deviceId()));
            put(device);
        }

        @Override
        public List<String> usersOf(String deviceId) {
            return devices.values().stream().filter(d -> d.deviceId().equals(deviceId)).map(Device::userId).toList();
        }

        @Override
        public void remove(String userId, String deviceId) {
            devices.remove(userId + "|" + deviceId);
        }
    };

    public final ThrottleStore throttleStore = new ThrottleStore() {
        @Override
        public synchronized long increment(String key, long expiresAt) {
            var entry = throttles.computeIfAbsent(key, k -> new long[] {0, expiresAt});
            return ++entry[0];
        }

        @Override
        public synchronized boolean claim(String key, long expiresAt, long nowEpochSeconds) {
            var entry = throttles.get(key);
            if (entry != null && entry[1] >= nowEpochSeconds) {
                return false;
            }
            throttles.put(key, new long[] {1, expiresAt});
            return true;
        }

        @Override
        public synchronized Claim claimOrFindHolder(String key, long expiresAt, long nowEpochSeconds) {
            var entry = throttles.get(key);
            if (entry != null && entry[1] >= nowEpochSeconds) {
                return new Claim(false, entry[1]);
            }
            throttles.put(key, new long[] {1, expiresAt});
            return new Claim(true, expiresAt);
        }

        @Override
        public void release(String key) {
            throttles.remove(key);
        }

        @Override
        public synchronized long add(String key, long amount, long expiresAt) {
            if (failingCounters.contains(key)) {
                throw new IllegalStateException("throttles table unavailable");
            }
            var entry = throttles.computeIfAbsent(key, k -> new long[] {0, expiresAt});
            entry[0] += amount;
            return entry[0];
        }

        @Override
        public synchronized long takeCount(String key) {
            var entry = throttles.remove(key);
            return entry == null ? 0 : entry[0];
        }

        @Override
        public synchronized boolean take(String key, long nowEpochSeconds) {
            var entry = throttles.get(key);
            if (entry == null || entry[1] < nowEpochSeconds) {
                return false;
            }
            throttles.remove(key);
            return true;
        }
    };

    public final ObjectStore objectStore = new ObjectStore() {
        @Override
        public Optional<ObjectInfo> head(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public PresignedUpload presignUpload(String key, String contentType, long size, Duration validity) {
            return new PresignedUpload(URI.create("https://bucket.test/" + key + "?put"), "PUT", Map.of("Content-Type", contentType),
                    Instant.EPOCH.plus(validity));
        }

        @Override
        public PresignedDownload presignDownload(String key, Duration validity) {
            return new PresignedDownload(URI.create("https://bucket.test/" + key + "?get"), Instant.EPOCH.plus(validity));
        }

        @Override
        public void copy(String sourceKey, String targetKey) {
            var source = objects.get(sourceKey);
            if (source == null) {
                throw new IllegalStateException("no object " + sourceKey);
            }
            objects.put(targetKey, new ObjectInfo(targetKey, source.size(), source.contentType()));
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }
    };

    public final EventPublisher eventPublisher = event -> {
        if (failPublishing) {
            throw new IllegalStateException("events topic unavailable");
        }
        published.add(event);
    };

    public final ConnectionNotifier notifier = new ConnectionNotifier() {
        @Override
        public Delivery post(String connectionId, byte[] data) {
            if (goneConnections.contains(connectionId)) {
                return Delivery.GONE;
            }
            if (throttledConnections.contains(connectionId)) {
                return new Delivery.Retry("@connections answered 429", null);
            }
            posted.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>()).add(new String(data,
                    java.nio.charset.StandardCharsets.UTF_8));
            return Delivery.DELIVERED;
        }

        @Override
        public boolean isConnected(String connectionId) {
            return !goneConnections.contains(connectionId);
        }

        @Override
        public void close(String connectionId) {
            closedConnections.add(connectionId);
            goneConnections.add(connectionId);
        }
    };

    public final ShardQueue shardQueue = (bodies, delaySeconds) -> shardJobs.addAll(bodies);

    /** A record on a delayed queue and the seconds before a consumer may receive it. */
    public record Delayed(String body, int delaySeconds) {
    }

    public final DelayedQueue delayedQueue = (body, delaySeconds) -> {
        if (failDelayedSends) {
            throw new IllegalStateException("queue unavailable");
        }
        if (delaySeconds < 0 || delaySeconds > DelayedQueue.MAX_DELAY_SECONDS) {
            throw new IllegalArgumentException("delay " + delaySeconds);
        }
        delayed.add(new Delayed(body, delaySeconds));
    };

    public final PushGateway pushGateway = new PushGateway() {
        @Override
        public void publishNotification(String message, Map<String, String> attributes) {
            if (failPublishing || failNotificationsFor.contains(attributes.get("userId"))) {
                throw new IllegalStateException("notifications topic unavailable");
            }
            notifications.add(message);
        }

        @Override
        public boolean publishToEndpoint(String endpointArn, String platformMessageJson) {
            if (disabledEndpoints.contains(endpointArn)) {
                return false;
            }
            endpointPushes.add(endpointArn);
            return true;
        }
    };

    public final PushEndpoints pushEndpoints = new PushEndpoints() {
        @Override
        public String createEndpoint(String platformApplicationArn, String deviceToken, String userData) {
            return platformApplicationArn + "/endpoint/" + Math.abs(deviceToken.hashCode());
        }

        @Override
        public Optional<String> platformApplication(String platform) {
            return Optional.ofNullable(platformApplications.get(platform));
        }
    };

    public List<Event> published(String type) {
        return published.stream().filter(e -> e.type().equals(type)).toList();
    }
}
