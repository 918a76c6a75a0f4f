package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenIssuerTest {

    @TempDir
    Path directory;

    @Test
    void token_whenTheKeyIsNew_isAnRs256TokenThatItsPublishedKeyVerifies() throws Exception {
        var issuer = TokenIssuer.create("http://127.0.0.1:1/dev", null);

        var jwt = SignedJWT.parse(issuer.token("alice", Duration.ofMinutes(5)));
        var published = (RSAKey) JWKSet.parse(issuer.jwks()).getKeys().getFirst();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(published.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(TokenIssuer.AUDIENCE);
    }

    @Test
    void create_whenTheKeyFileExists_signsWithThatKeyAfterARestart() throws Exception {
        var keyFile = directory.resolve("work").resolve("dev-token-key.json");
        var first = TokenIssuer.create("http://127.0.0.1:1/dev", keyFile);

        var again = TokenIssuer.create("http://127.0.0.1:1/dev", keyFile);

        assertThat(keyFile).exists();
        try (var left = Files.list(keyFile.getParent())) {
            assertThat(left).containsExactly(keyFile);
        }
        assertThat(again.jwks()).isEqualTo(first.jwks());
        var published = (RSAKey) JWKSet.parse(first.jwks()).getKeys().getFirst();
        assertThat(SignedJWT.parse(again.token("bob", Duration.ofMinutes(5))).verify(new RSASSAVerifier(published))).isTrue();
    }

    @Test
    void create_whenTheKeptKeyIsAnEcKey_signsEs256WithIt() throws Exception {
        var keyFile = directory.resolve("dev-token-key.json");
        var ec = new ECKeyGenerator(Curve.P_256).keyID("parley-local-kept").generate();
        Files.writeString(keyFile, ec.toJSONString());

        var issuer = TokenIssuer.create("http://127.0.0.1:1/dev", keyFile);

        var jwt = SignedJWT.parse(issuer.token("carol", Duration.ofMinutes(5)));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("parley-local-kept");
        assertThat(jwt.verify(new ECDSAVerifier((ECKey) JWKSet.parse(issuer.jwks()).getKeys().getFirst()))).isTrue();
    }
}
