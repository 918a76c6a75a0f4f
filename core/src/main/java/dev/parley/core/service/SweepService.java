package dev.parley.core.service;

import dev.parley.core.model.Connection;
import dev.parley.core.store.ConnectionNotifier;
import dev.parley.core.store.ConnectionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reconciles connections whose {@code $disconnect} never came. Connections are found through their sweep bucket
 * (opening hour and shard), never by scanning: the buckets of the last hours cover every connection that can
 * still be open, and a few more sweeps after API Gateway closes it at two hours.
 *
 * <p>A connection whose token has expired ({@code authorizedUntil}) is closed here too: its actions are refused
 * from that moment, but pushes would keep reaching it until API Gateway's two-hour limit. So an open connection
 * stays authorized at most one sweep interval past its token.
 */
public final class SweepService {

    public static final Duration LOOK_BACK = Duration.ofHours(3);

    /** What one sweep did: connections checked, removed because they were gone, closed because their token expired. */
    public record Swept(int checked, int removed, int closed) {
    }

    /** Some connections could not be checked; the next sweep checks them again. */
    public static final class SweepIncompleteException extends RuntimeException {
        public SweepIncompleteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ConnectionStore connections;
    private final ConnectionNotifier notifier;
    private final ConnectionService connectionService;
    private final Clock clock;
    private final int concurrency;

    public SweepService(ConnectionStore connections, ConnectionNotifier notifier, ConnectionService connectionService, Clock clock,
                        int concurrency) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.connectionService = Objects.requireNonNull(connectionService, "connectionService");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.concurrency = concurrency;
    }

    public Swept sweep() {
        var checked = new AtomicInteger();
        var removed = new AtomicInteger();
        var closed = new AtomicInteger();
        var failed = new AtomicInteger();
        var firstFailure = new AtomicReference<RuntimeException>();
        var permits = new Semaphore(concurrency);
        var instant = clock.instant();
        var now = instant.truncatedTo(ChronoUnit.HOURS);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long hours = 0; hours <= LOOK_BACK.toHours(); hours++) {
                var hour = now.minus(Duration.ofHours(hours));
                for (int shard = 0; shard < ConnectionService.SWEEP_SHARDS; shard++) {
                    for (var connectionId : connections.idsInSweepBucket(ConnectionService.sweepBucket(hour, shard))) {
                        permits.acquireUninterruptibly();
                        executor.submit(() -> {
                            try {
                                checked.incrementAndGet();
                                var connection = connections.find(connectionId);
                                var userId = connection.map(Connection::userId).orElse(null);
                                if (connection.map(Connection::authorizedUntil).filter(until -> until <= instant.getEpochSecond())
                                        .isPresent()) {
                                    notifier.close(connectionId);
                                    connectionService.disconnect(connectionId, userId);
                                    closed.incrementAndGet();
                                } else if (!notifier.isConnected(connectionId)) {
                                    connectionService.disconnect(connectionId, userId);
                                    removed.incrementAndGet();
                                }
                            } catch (RuntimeException e) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, e);
                            } finally {
                                permits.release();
                            }
                        });
                    }
                }
            }
        }
        if (failed.get() > 0) {
            throw new SweepIncompleteException(failed.get() + " of " + checked.get() + " connections not checked", firstFailure.get());
        }
        return new Swept(checked.get(), removed.get(), closed.get());
    }
}
