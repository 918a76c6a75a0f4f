package dev.parley.functions.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.auth.JwtVerifier;
import dev.parley.core.fakes.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthorizerHandlerTest {

    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "parley";
    private static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:000000000000:api0001/prod/$connect";
    private static RSAKey rsaKey;
    private static RSAKey strangerKey;
    private static ECKey ecKey;
    private static AuthorizerHandler handler;

    @BeforeAll
    static void keys() throws Exception {
        rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        var keys = new ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext>(new JWKSet(List.of(rsaKey.toPublicJWK(),
                ecKey.toPublicJWK())));
        handler = new AuthorizerHandler(new JwtVerifier(ISSUER, AUDIENCE, keys));
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        var now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static IamPolicyResponseV1 authorize(String token) {
        var event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn(METHOD_ARN);
        event.setQueryStringParameters(token == null ? Map.of() : Map.of("token", token));
        return handler.handleRequest(event, new TestContext("authorizer"));
    }

    @SuppressWarnings("unchecked")
    private static String effect(IamPolicyResponseV1 response) {
        var statements = (Map<String, Object>[]) response.getPolicyDocument().get("Statement");
        return (String) statements[0].get("Effect");
    }

    @Test
    void handleRequest_whenTokenIsValidRs256_allowsWithTheUserIdInTheContext() throws Exception {
        var response = authorize(rs256(rsaKey, claims("alice").build()));

        assertThat(effect(response)).isEqualTo("Allow");
        assertThat(response.getPrincipalId()).isEqualTo("alice");
        assertThat(response.getContext()).containsEntry("userId", "alice");
    }

    @Test
    void handleRequest_whenAllowed_putsTheTokenExpiryInTheContext() throws Exception {
        var expiry = Instant.parse("2099-01-01T00:00:00Z");

        var response = authorize(rs256(rsaKey, claims("alice").expirationTime(Date.from(expiry)).build()));

        assertThat(response.getContext()).containsEntry("expiresAt", expiry.getEpochSecond());
    }

    @Test
    void handleRequest_whenTokenIsValidEs256_allows() throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims("bob").build());
        jwt.sign(new ECDSASigner(ecKey));

        assertThat(effect(authorize(jwt.serialize()))).isEqualTo("Allow");
    }

    @Test
    void handleRequest_whenTokenIsMissing_answersUnauthorized() {
        assertThatThrownBy(() -> authorize(null)).hasMessage("Unauthorized");
        assertThatThrownBy(() -> authorize("  ")).hasMessage("Unauthorized");
    }

    @Test
    void handleRequest_whenTokenIsBad_denies() throws Exception {
        var past = Instant.now().minusSeconds(3600);
        var expired = claims("alice").expirationTime(Date.from(past)).build();
        var notYet = claims("alice").notBeforeTime(Date.from(Instant.now().plusSeconds(3600))).build();
        var hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice").build());
        hs256.sign(new MACSigner("a-shared-secret-that-is-long-enough-for-hs256!!".getBytes()));

        assertThat(effect(authorize(rs256(rsaKey, expired)))).isEqualTo("Deny");
        assertThat(effect(authorize(rs256(rsaKey, notYet)))).isEqualTo("Deny");
        assertThat(effect(authorize(rs256(rsaKey, claims("alice").issuer("https://evil.test").build())))).isEqualTo("Deny");
        assertThat(effect(authorize(rs256(rsaKey, claims("alice").audience("other").build())))).isEqualTo("Deny");
        assertThat(effect(authorize(rs256(strangerKey, claims("alice").build())))).isEqualTo("Deny");
        assertThat(effect(authorize(hs256.serialize()))).isEqualTo("Deny");
        assertThat(effect(authorize("not-a-jwt"))).isEqualTo("Deny");
        assertThat(effect(authorize(rs256(rsaKey, claims("a#b").build())))).isEqualTo("Deny");
    }

    @Test
    void handleRequest_whenDenied_grantsNothingInTheContext() throws Exception {
        var response = authorize(rs256(strangerKey, claims("alice").build()));

        assertThat(response.getContext()).isEmpty();
        assertThat(response.getPrincipalId()).isNotEqualTo("alice");
    }

    @Test
    void handleRequest_whenTheTokenHeaderIsJsonNull_denies() throws Exception {
        var signed = rs256(rsaKey, claims("alice").build());
        var nullHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("null".getBytes(StandardCharsets.UTF_8))
                + signed.substring(signed.indexOf('.'));

        assertThat(effect(authorize(nullHeader))).isEqualTo("Deny");
    }
}
