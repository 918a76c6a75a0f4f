package dev.parley.core.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's keys as the authorizer holds them. The set is fetched on first use and again once it is older than
 * {@link #REFRESH_AFTER}, or when a token names a key id the set does not have. A fetch that fails leaves the last
 * good set in use, but only for {@link #MAX_STALENESS} after it was fetched: an issuer outage does not refuse every
 * new connection, and a key the issuer withdrew stays trusted for a bounded time only. After a failed fetch there is
 * no other for {@link #MIN_FETCH_INTERVAL}, and fetches for unknown key ids are limited to one per interval, so an
 * outage or a stream of forged key ids costs one request per interval, not one per connection. A key id is only
 * ever matched against a set that was fetched successfully.
 *
 * <p>The refresh runs in the request that finds the set due, not on a timer: Lambda freezes an execution
 * environment between invocations, so a background refresh would not run when it is needed.
 */
public final class CachedJwkSource implements JWKSource<SecurityContext> {

    public static final Duration REFRESH_AFTER = Duration.ofMinutes(5);
    public static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration MAX_STALENESS = Duration.ofHours(6);

    /** Reads the issuer's current key set. */
    @FunctionalInterface
    public interface Fetcher {
        JWKSet fetch() throws IOException, ParseException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CachedJwkSource.class);

    private final Fetcher fetcher;
    private final Clock clock;
    private JWKSet keys;
    private Instant fetchedAt;
    private Instant lastFailure;
    private Instant lastUnknownKeyFetch;

    public CachedJwkSource(Fetcher fetcher, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        var now = clock.instant();
        var fetchedNow = (keys == null || !now.isBefore(fetchedAt.plus(REFRESH_AFTER))) && !backingOff(now) && fetch(now);
        if (keys == null) {
            throw new KeySourceException("the issuer's keys could not be fetched");
        }
        if (now.isAfter(fetchedAt.plus(MAX_STALENESS))) {
            throw new KeySourceException("the issuer's keys could not be fetched since " + fetchedAt);
        }
        var matches = selector.select(keys);
        if (matches.isEmpty() && !fetchedNow && !backingOff(now)
                && (lastUnknownKeyFetch == null || !now.isBefore(lastUnknownKeyFetch.plus(MIN_FETCH_INTERVAL)))) {
            lastUnknownKeyFetch = now;
            if (fetch(now)) {
                matches = selector.select(keys);
            }
        }
        return matches;
    }

    private boolean backingOff(Instant now) {
        return lastFailure != null && now.isBefore(lastFailure.plus(MIN_FETCH_INTERVAL));
    }

    /** True when a new set was fetched; on failure the last good set, if any, stays. */
    private boolean fetch(Instant now) {
        try {
            keys = fetcher.fetch();
            fetchedAt = now;
            lastFailure = null;
            return true;
        } catch (IOException | ParseException | RuntimeException e) {
            // Not thrown: the last good set stays in use within MAX_STALENESS, and get refuses once it is older.
            lastFailure = now;
            LOG.warn("the issuer's keys could not be fetched; using those fetched at {}", fetchedAt, e);
            return false;
        }
    }
}
