package dev.parley.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.parley.core.protocol.Frames;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the bearer JWT of a connection: signature against the issuer's JWKS (cached as {@link CachedJwkSource}
 * describes), an RS256/ES256 allow-list, issuer, audience, expiry and not-before.
 */
public final class JwtVerifier {

    /** The verified identity and when the token that proved it expires. */
    public record Identity(String userId, Instant expiresAt) {
        public Identity {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** Why a token was refused; the message is safe to log and never contains the token. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int JWKS_TIMEOUT_MILLIS = 3_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final String issuer;
    private final String audience;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public JwtVerifier(String issuer, String audience, JWKSource<SecurityContext> keys) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(keys, "keys");
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
    }

    /** A verifier that fetches keys from a JWKS URL, cached for the life of the execution environment. */
    public static JwtVerifier remote(String issuer, String audience, String jwksUrl, Clock clock) {
        URL url;
        try {
            url = URI.create(jwksUrl).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWKS URL is not a URL", e);
        }
        var retriever = new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT);
        var keys = new CachedJwkSource(() -> JWKSet.parse(retriever.retrieveResource(url).getContent()), clock);
        return new JwtVerifier(issuer, audience, keys);
    }

    /**
     * Runs the verification path once without a real token, for SnapStart priming: a token signed by a key made for
     * the purpose passes a verifier that knows that key (parsing, signature, claims), then this verifier refuses it
     * after fetching its keys to look for that key's id.
     */
    public void prime() throws JOSEException, InvalidTokenException {
        var key = new RSAKeyGenerator(2048).keyID("parley-priming").generate();
        var claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("parley-priming")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        var token = jwt.serialize();
        new JwtVerifier(issuer, audience, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))).verify(token);
        try {
            verify(token);
        } catch (InvalidTokenException expected) {
            // No issuer has this key: the refusal is the path an unknown or forged token takes.
        }
    }

    public Identity verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // The parser meets whatever a client sends; on some malformed headers (such as the JSON null) it throws
            // unchecked exceptions instead of ParseException.
            throw new InvalidTokenException("token is not a JWT");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new InvalidTokenException("token could not be verified: " + e.getMessage());
        }
        var subject = claims.getSubject();
        if (!Frames.isUserId(subject)) {
            throw new InvalidTokenException("token subject is not a usable user id");
        }
        // A token without an expiry would keep a connection authorized for its whole life.
        if (claims.getExpirationTime() == null) {
            throw new InvalidTokenException("token has no expiry");
        }
        return new Identity(subject, claims.getExpirationTime().toInstant());
    }
}
