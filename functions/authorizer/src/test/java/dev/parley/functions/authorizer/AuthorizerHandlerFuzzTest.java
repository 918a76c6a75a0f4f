package dev.parley.functions.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.parley.core.auth.JwtVerifier;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fuzz.FrameArbitraries;
import dev.parley.core.fuzz.FuzzBudget;
import dev.parley.core.protocol.Frames;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

@AddLifecycleHook(FuzzBudget.class)
class AuthorizerHandlerFuzzTest {

    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "parley";
    private static ECKey key;

    @BeforeContainer
    static void keys() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    }

    @Property(tries = 1000)
    void handleRequest_whenTheTokenIsAnything_allowsOnlyAUsableUserIdAndOtherwiseDeniesOrAnswersUnauthorized(
            @ForAll("tokens") String token) {
        var event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:api0001/prod/$connect");
        var query = new HashMap<String, String>();
        query.put("token", token);
        event.setQueryStringParameters(query);

        var handler = new AuthorizerHandler(new JwtVerifier(ISSUER, AUDIENCE,
                new ImmutableJWKSet<SecurityContext>(new JWKSet(List.of(key.toPublicJWK())))));
        try {
            var response = handler.handleRequest(event, new TestContext("authorizer"));
            @SuppressWarnings("unchecked")
            var statements = (Map<String, Object>[]) response.getPolicyDocument().get("Statement");
            if ("Allow".equals(statements[0].get("Effect"))) {
                assertThat(Frames.isUserId(response.getPrincipalId())).as("allowed principal %s", response.getPrincipalId()).isTrue();
                assertThat(response.getContext()).containsEntry("userId", response.getPrincipalId());
            } else {
                assertThat(statements[0].get("Effect")).isEqualTo("Deny");
                assertThat(response.getContext()).isEmpty();
            }
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessage(AuthorizerHandler.UNAUTHORIZED);
            assertThat(token == null || token.isBlank()).as("unauthorized only without a token").isTrue();
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        var now = Instant.now().getEpochSecond();
        var claims = Arbitraries.oneOf(Arbitraries.of("alice", "bob"), Arbitraries.strings().all().ofMaxLength(140))
                .map(subject -> "{\"sub\":" + FrameArbitraries.quote(subject) + ",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE
                        + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        var headers = Arbitraries.of("{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"JWT\"}", "{\"alg\":\"ES256\"}");
        var signed = Combinators.combine(FrameArbitraries.hostile(headers), FrameArbitraries.hostile(claims))
                .as(AuthorizerHandlerFuzzTest::es256);
        var cut = Combinators.combine(signed, Arbitraries.integers().between(0, 2_000))
                .as((token, at) -> token.substring(0, at % (token.length() + 1)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, signed),
                Tuple.of(1, cut),
                Tuple.of(1, Arbitraries.of("", " ", "a.b.c", "..", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.", "null").injectNull(0.2)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300)));
    }

    /** A token signed with the trusted key over whatever header and payload text it is given. */
    private static String es256(String header, String payload) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var input = encoder.encodeToString(String.valueOf(header).getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(String.valueOf(payload).getBytes(StandardCharsets.UTF_8));
        try {
            var signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key.toPrivateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + encoder.encodeToString(ECDSA.transcodeSignatureToConcat(signature.sign(), 64));
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
