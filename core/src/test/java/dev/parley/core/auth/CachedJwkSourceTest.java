package dev.parley.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.fakes.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedJwkSourceTest {

    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "parley";
    private static RSAKey first;
    private static RSAKey second;

    /** What the issuer publishes; null while its JWKS endpoint is down. */
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private JwtVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        first = new RSAKeyGenerator(2048).keyID("k1").generate();
        second = new RSAKeyGenerator(2048).keyID("k2").generate();
    }

    @BeforeEach
    void verifier() {
        var source = new CachedJwkSource(() -> {
            fetches.incrementAndGet();
            var keys = published.get();
            if (keys == null) {
                throw new IOException("JWKS endpoint unreachable");
            }
            return keys;
        }, clock);
        verifier = new JwtVerifier(ISSUER, AUDIENCE, source);
    }

    private static String token(RSAKey key, String subject) throws Exception {
        var claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(2)))).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void publish(RSAKey... keys) {
        published.set(new JWKSet(List.of(keys).stream().map(key -> (com.nimbusds.jose.jwk.JWK) key.toPublicJWK()).toList()));
    }

    @Test
    void verify_whenTheJwksIsDownLongerThanTheCacheButWithinTheBound_keepsUsingTheLastGoodKeys() throws Exception {
        publish(first);
        assertThat(verifier.verify(token(first, "alice")).userId()).isEqualTo("alice");
        published.set(null);

        clock.advance(Duration.ofHours(1));
        assertThat(verifier.verify(token(first, "bob")).userId()).isEqualTo("bob");
        clock.advance(CachedJwkSource.MAX_STALENESS.minusHours(1).minusMinutes(1));
        assertThat(verifier.verify(token(first, "carol")).userId()).isEqualTo("carol");
    }

    @Test
    void verify_whenTheJwksIsDownLongerThanTheBound_refuses() throws Exception {
        publish(first);
        verifier.verify(token(first, "alice"));
        published.set(null);

        clock.advance(CachedJwkSource.MAX_STALENESS.plusMinutes(1));

        assertThatThrownBy(() -> verifier.verify(token(first, "alice"))).isInstanceOf(JwtVerifier.InvalidTokenException.class);
    }

    @Test
    void verify_whenTheJwksIsBackAfterTheBound_acceptsAgain() throws Exception {
        publish(first);
        verifier.verify(token(first, "alice"));
        published.set(null);
        clock.advance(CachedJwkSource.MAX_STALENESS.plusMinutes(1));
        assertThatThrownBy(() -> verifier.verify(token(first, "alice"))).isInstanceOf(JwtVerifier.InvalidTokenException.class);

        publish(first);
        clock.advance(CachedJwkSource.MIN_FETCH_INTERVAL);

        assertThat(verifier.verify(token(first, "alice")).userId()).isEqualTo("alice");
    }

    @Test
    void verify_whenTheKeyIdIsUnknownAndTheJwksIsDown_refusesWithoutTrustingTheToken() throws Exception {
        publish(first);
        verifier.verify(token(first, "alice"));
        published.set(null);
        clock.advance(CachedJwkSource.MIN_FETCH_INTERVAL);

        assertThatThrownBy(() -> verifier.verify(token(second, "mallory"))).isInstanceOf(JwtVerifier.InvalidTokenException.class);
        assertThat(verifier.verify(token(first, "alice")).userId()).isEqualTo("alice");
    }

    @Test
    void verify_whenAKeyIdIsNewAfterRotation_fetchesAndAccepts() throws Exception {
        publish(first);
        verifier.verify(token(first, "alice"));
        publish(first, second);
        clock.advance(CachedJwkSource.MIN_FETCH_INTERVAL);

        assertThat(verifier.verify(token(second, "bob")).userId()).isEqualTo("bob");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void verify_whenUnknownKeyIdsArrive_fetchesAtMostOncePerInterval() throws Exception {
        publish(first);
        verifier.verify(token(first, "alice"));
        var stranger = new RSAKeyGenerator(2048).keyID("forged").generate();
        clock.advance(CachedJwkSource.MIN_FETCH_INTERVAL);

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> verifier.verify(token(stranger, "mallory"))).isInstanceOf(JwtVerifier.InvalidTokenException.class);
        }

        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void verify_whenTheIssuerWithdrawsAKey_refusesItAfterTheNextRefresh() throws Exception {
        publish(first, second);
        verifier.verify(token(second, "alice"));
        publish(first);

        clock.advance(CachedJwkSource.REFRESH_AFTER);

        assertThatThrownBy(() -> verifier.verify(token(second, "alice"))).isInstanceOf(JwtVerifier.InvalidTokenException.class);
        assertThat(verifier.verify(token(first, "bob")).userId()).isEqualTo("bob");
    }

    @Test
    void verify_whenTheTokenIsValid_returnsItsExpiry() throws Exception {
        publish(first);
        var expiry = Instant.parse("2099-01-01T00:00:00Z");
        var claims = new JWTClaimsSet.Builder().subject("alice").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(expiry)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(first));

        assertThat(verifier.verify(jwt.serialize())).isEqualTo(new JwtVerifier.Identity("alice", expiry));
    }
}
