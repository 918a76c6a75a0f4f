package dev.parley.functions.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.parley.core.config.Environment;
import dev.parley.core.fakes.TestContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorizer as Lambda builds it, fetching the issuer's keys over HTTP from a JWKS endpoint on loopback. */
class AuthorizerIT {

    private static final String ISSUER = "http://issuer.local";
    private static HttpServer jwks;
    private static Environment environment;
    private static final AtomicReference<JWKSet> PUBLISHED = new AtomicReference<>();
    private static final AtomicInteger FETCHES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            FETCHES.incrementAndGet();
            var body = PUBLISHED.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        environment = Environment.of(Map.of("JWT_ISSUER", ISSUER, "JWT_AUDIENCE", "parley",
                "JWKS_URL", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json"));
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static String token(RSAKey key, String subject) throws Exception {
        var claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience("parley")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @SuppressWarnings("unchecked")
    private static String effect(AuthorizerHandler handler, String token) {
        var event = new APIGatewayCustomAuthorizerEvent();
        event.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:api/prod/$connect");
        event.setQueryStringParameters(Map.of("token", token));
        var statements = (Map<String, Object>[]) handler.handleRequest(event, new TestContext("authorizer")).getPolicyDocument()
                .get("Statement");
        return (String) statements[0].get("Effect");
    }

    @Test
    void handleRequest_whenKeysAreFetchedAndRotated_verifiesWithTheCurrentKeys() throws Exception {
        var first = new RSAKeyGenerator(2048).keyID("k1").generate();
        var second = new RSAKeyGenerator(2048).keyID("k2").generate();
        PUBLISHED.set(new JWKSet(List.of(first.toPublicJWK())));
        var handler = new AuthorizerHandler(environment);

        assertThat(effect(handler, token(first, "alice"))).isEqualTo("Allow");
        assertThat(effect(handler, token(first, "bob"))).isEqualTo("Allow");
        var fetchesBeforeRotation = FETCHES.get();
        PUBLISHED.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));

        assertThat(effect(handler, token(second, "carol"))).isEqualTo("Allow");
        assertThat(fetchesBeforeRotation).isEqualTo(1);
        assertThat(effect(handler, token(new RSAKeyGenerator(2048).keyID("k3").generate(), "mallory"))).isEqualTo("Deny");
    }
}
