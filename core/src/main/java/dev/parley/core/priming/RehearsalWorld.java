package dev.parley.core.priming;

import dev.parley.core.config.Environment;
import dev.parley.core.config.TableNames;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Connection;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Mentions;
import dev.parley.core.model.Message;
import dev.parley.core.model.Presence;
import dev.parley.core.model.PresenceWatch;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.NotificationLevel;
import dev.parley.core.store.dynamodb.Schemas;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The world a rehearsal runs in: one channel, {@value #CHANNEL_ID}, with one member, {@value #USER_ID}, who is online on
 * one connection, {@value #CONNECTION_ID}, with one device, {@value #DEVICE_ID}, and one message in it, from
 * {@value #SENDER_ID}, that the member has not read yet. Each table the function's environment names holds one item
 * of that world, except the Dedup table, which holds none: a rehearsed send is a new one.
 */
public final class RehearsalWorld {

    public static final String CHANNEL_ID = "c-rehearsal";
    public static final String USER_ID = "u-rehearsal";
    public static final String CONNECTION_ID = "rehearsal-connection";
    /** The sender of the world's message: a user of no table, as a member who is not the one notified. */
    public static final String SENDER_ID = "u-rehearsal-sender";
    public static final String DEVICE_ID = "d-rehearsal";
    /** The key attribute of the Throttles table. */
    public static final String THROTTLE_KEY = "throttleKey";

    private static final Duration AHEAD = Duration.ofHours(2);

    private final Map<String, Map<String, AttributeValue>> items;

    private final Environment environment;
    /** The start of the keys of the Throttles claims another invocation holds, or null when none is held. */
    private final String heldClaims;
    private final long heldUntil;

    private RehearsalWorld(Map<String, Map<String, AttributeValue>> items, Environment environment, String heldClaims,
                           long heldUntil) {
        this.items = Map.copyOf(items);
        this.environment = environment;
        this.heldClaims = heldClaims;
        this.heldUntil = heldUntil;
    }

    /** The world's items in the tables {@code environment} names, as of {@code now}. */
    public static RehearsalWorld of(Environment environment, Instant now) {
        var millis = now.toEpochMilli();
        var ahead = now.plus(AHEAD).getEpochSecond();
        var items = new HashMap<String, Map<String, AttributeValue>>();
        put(items, environment, TableNames.CHANNELS_TABLE, Schemas.channel().itemToMap(
                new Channel(CHANNEL_ID, "rehearsal", ChannelKind.GROUP, USER_ID, millis, 1, 1, null, false, 1), true));
        put(items, environment, TableNames.MEMBERS_TABLE, Schemas.member().itemToMap(
                new Member(CHANNEL_ID, USER_ID, "owner", millis, 0, false, NotificationLevel.ALL, null), true));
        put(items, environment, TableNames.MESSAGES_TABLE, Schemas.message().itemToMap(message(millis), true));
        put(items, environment, TableNames.CONNECTIONS_TABLE, Schemas.connection().itemToMap(
                new Connection(CONNECTION_ID, USER_ID, millis, "0", ahead, ahead), true));
        put(items, environment, TableNames.PRESENCE_TABLE, Schemas.presence().itemToMap(
                new Presence(USER_ID, Set.of(CONNECTION_ID), millis), true));
        put(items, environment, TableNames.PRESENCE_WATCH_TABLE, Schemas.presenceWatch().itemToMap(
                new PresenceWatch(USER_ID, CONNECTION_ID, USER_ID, ahead), true));
        put(items, environment, TableNames.CHANNEL_CONNECTIONS_TABLE, Map.of("channelId", AttributeValue.fromS(CHANNEL_ID),
                "connectionId", AttributeValue.fromS(CONNECTION_ID), "userId", AttributeValue.fromS(USER_ID),
                "expiresAt", AttributeValue.fromN(Long.toString(ahead))));
        put(items, environment, TableNames.THROTTLES_TABLE, Map.of("count", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(ahead))));
        put(items, environment, TableNames.DEVICES_TABLE, Schemas.device().itemToMap(new Device(USER_ID, DEVICE_ID, "fcm",
                "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/parley/" + DEVICE_ID, millis), true));
        return new RehearsalWorld(items, environment, null, 0);
    }

    /**
     * This world with its member offline, on no connection, as a member a notification is for: their device gets the
     * push.
     */
    public RehearsalWorld withMemberOffline() {
        var offline = new HashMap<>(items);
        var table = environment.get(TableNames.PRESENCE_TABLE);
        if (table != null && offline.containsKey(table)) {
            var lastSeenAt = Long.parseLong(offline.get(table).get("lastSeenAt").n());
            offline.put(table, Schemas.presence().itemToMap(new Presence(USER_ID, Set.of(), lastSeenAt), true));
        }
        return new RehearsalWorld(offline, environment, heldClaims, heldUntil);
    }

    /**
     * This world with every Throttles claim whose key starts with {@code keyPrefix} held by another invocation until
     * {@code until}: a conditional {@code PutItem} of one is refused with the holder, as DynamoDB refuses a claim whose
     * condition failed.
     */
    public RehearsalWorld withClaimsHeld(String keyPrefix, Instant until) {
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix is required");
        }
        return new RehearsalWorld(items, environment, keyPrefix, until.getEpochSecond());
    }

    /** The holder of the Throttles claim {@code key} when {@code table} is the Throttles table and the claim is held. */
    public Optional<Map<String, AttributeValue>> claimHolder(String table, String key) {
        if (heldClaims == null || key == null || !key.startsWith(heldClaims)
                || !table.equals(environment.get(TableNames.THROTTLES_TABLE))) {
            return Optional.empty();
        }
        return Optional.of(Map.of(THROTTLE_KEY, AttributeValue.fromS(key), "count", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(heldUntil))));
    }

    private static void put(Map<String, Map<String, AttributeValue>> items, Environment environment, String variable,
                            Map<String, AttributeValue> item) {
        var table = environment.get(variable);
        if (table != null && !table.isBlank()) {
            items.put(table, Map.copyOf(item));
        }
    }

    /** The world's one message, sent at {@code millis}. */
    public static Message message(long millis) {
        return new Message(CHANNEL_ID, 1, "m-rehearsal", SENDER_ID, "rehearsal", List.of(), millis, null, false, Map.of(),
                "rehearsal-1", null, null, false, Mentions.NONE, null);
    }

    /** The one item of {@code table}, or none. */
    public Optional<Map<String, AttributeValue>> item(String table) {
        return Optional.ofNullable(items.get(table));
    }
}
