package dev.parley.core.service;

import dev.parley.core.model.Connection;
import dev.parley.core.model.Event;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ConnectionStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connections and the presence they imply: a user is online while any of their connections lives. */
public final class ConnectionService {

    /** API Gateway closes a WebSocket connection after two hours; the record outlives it a little. */
    public static final Duration CONNECTION_LIFETIME = Duration.ofHours(2).plusMinutes(15);
    public static final int SWEEP_SHARDS = 8;
    private static final DateTimeFormatter SWEEP_HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionService.class);

    private final ConnectionStore connections;
    private final PresenceStore presence;
    private final ChannelAudience audience;
    private final EventPublisher events;
    private final Clock clock;

    public ConnectionService(ConnectionStore connections, PresenceStore presence, MemberStore members,
                             ChannelConnectionStore channelConnections, EventPublisher events, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.audience = new ChannelAudience(members, presence, channelConnections, clock);
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static String sweepBucket(Instant at, String connectionId) {
        return SWEEP_HOUR.format(at) + "#" + Math.floorMod(connectionId.hashCode(), SWEEP_SHARDS);
    }

    public static String sweepBucket(Instant hour, int shard) {
        return SWEEP_HOUR.format(hour) + "#" + shard;
    }

    /**
     * Records a new connection and enters it in the audience of each of the user's channels; idempotent, so a
     * repeated {@code $connect} changes nothing. The presence entry is written before the channels are read, and
     * a join writes the membership before it reads presence, so a join racing a connect is seen by one of them.
     */
    public Connection connect(String connectionId, String userId) {
        return connect(connectionId, userId, null);
    }

    /** As {@link #connect(String, String)}, for a connection authorized until {@code authorizedUntil} (null: unknown). */
    public Connection connect(String connectionId, String userId, Instant authorizedUntil) {
        var now = clock.instant();
        var connection = new Connection(connectionId, userId, now.toEpochMilli(), sweepBucket(now, connectionId),
                now.plus(CONNECTION_LIFETIME).getEpochSecond(), authorizedUntil == null ? null : authorizedUntil.getEpochSecond());
        // The connection's own record is needed by nothing below, so it is written meanwhile. Presence is written
        // before the memberships are read to enter the user's channels: a member added at this moment either is seen
        // by that read, or sees this connection in presence when it follows the channel.
        var recorded = Concurrently.run(() -> connections.put(connection));
        try {
            var online = presence.addConnection(userId, connectionId, now.toEpochMilli());
            var announced = online ? Concurrently.run(() -> announce(userId, true, now.toEpochMilli())) : null;
            audience.enter(userId, connectionId, connection.expiresAt());
            if (announced != null) {
                announced.join();
            }
        } catch (RuntimeException e) {
            try {
                recorded.join();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        recorded.join();
        return connection;
    }

    /**
     * Forgets a connection that closed or was found gone; idempotent. The user id stored with the connection is
     * preferred; {@code userIdHint} (from the authorizer context) covers a record that is already gone.
     */
    public void disconnect(String connectionId, String userIdHint) {
        var removed = connections.remove(connectionId);
        var userId = removed.map(Connection::userId).orElse(userIdHint);
        if (userId == null) {
            return;
        }
        var now = clock.millis();
        if (presence.removeConnection(userId, connectionId, now)) {
            announce(userId, false, now);
        }
        audience.exit(userId, connectionId);
    }

    /**
     * Presence events are best effort, as {@code $disconnect} itself is: a failed publish must not refuse a
     * connection or keep a dead one. Watchers catch up from the next change or a new snapshot.
     */
    private void announce(String userId, boolean online, long at) {
        var event = Events.fresh(Event.PRESENCE_CHANGED, null, userId, at, EventFrames.presence(userId, online, at));
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("presence event not published for a user going {}", online ? "online" : "offline", e);
        }
    }
}
