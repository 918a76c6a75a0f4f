package dev.parley.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Development tokens: a signing key of Parley Local's own, its JWKS, and signed JWTs for any user name, which the
 * authorizer verifies exactly as it verifies a real issuer's.
 *
 * <p>A new key is an RSA key for RS256, as most issuers sign: the authorizer verifies RS256 ten times as fast as ES256
 * (a check on every connect). Finding one takes up to a second, so it is made once and kept in a file; a kept EC key
 * signs ES256.
 */
public final class TokenIssuer {

    public static final String AUDIENCE = "parley-local";
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");

    private final JWK key;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final String issuer;

    private TokenIssuer(JWK key, String issuer) throws JOSEException {
        this.key = key;
        this.issuer = issuer;
        switch (key) {
            case ECKey ec -> {
                algorithm = JWSAlgorithm.ES256;
                signer = new ECDSASigner(ec);
            }
            case RSAKey rsa -> {
                algorithm = JWSAlgorithm.RS256;
                signer = new RSASSASigner(rsa);
            }
            default -> throw new JOSEException("a development token key is an EC or an RSA key, not " + key.getKeyType());
        }
    }

    /** Loads the key from {@code keyFile} when it exists, otherwise creates one (and saves it when a file is given). */
    public static TokenIssuer create(String issuer, Path keyFile) {
        try {
            if (keyFile != null && Files.exists(keyFile)) {
                return new TokenIssuer(JWK.parse(Files.readString(keyFile)), issuer);
            }
            var key = new RSAKeyGenerator(2048).keyID("parley-local-" + UUID.randomUUID().toString().substring(0, 8)).generate();
            if (keyFile != null) {
                save(key, keyFile);
            }
            return new TokenIssuer(key, issuer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("cannot set up the development token key", e);
        }
    }

    /** Written whole or not at all: Parley Locals that start together on one work directory read each other's key. */
    private static void save(JWK key, Path keyFile) throws IOException {
        Files.createDirectories(keyFile.getParent());
        var written = Files.createTempFile(keyFile.getParent(), "dev-token-key", ".tmp");
        try {
            Files.writeString(written, key.toJSONString());
            Files.move(written, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    public String issuer() {
        return issuer;
    }

    public static boolean isUserName(String user) {
        return user != null && USER.matcher(user).matches();
    }

    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** A token for {@code user}, or one already expired when {@code lifetime} is negative (for tests). */
    public String token(String user, Duration lifetime) {
        if (!isUserName(user)) {
            throw new IllegalArgumentException("user must be 1 to 64 of A-Z a-z 0-9 . _ @ + -");
        }
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder().subject(user).issuer(issuer).audience(AUDIENCE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString()).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
        return jwt.serialize();
    }
}
