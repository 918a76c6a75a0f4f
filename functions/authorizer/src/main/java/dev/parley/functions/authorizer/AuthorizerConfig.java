package dev.parley.functions.authorizer;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import java.util.Objects;

/** The authorizer's settings: who issues tokens, for which audience, and where their keys are. */
record AuthorizerConfig(String issuer, String audience, String jwksUrl) {

    static final String JWT_ISSUER = "JWT_ISSUER";
    static final String JWT_AUDIENCE = "JWT_AUDIENCE";
    static final String JWKS_URL = "JWKS_URL";

    AuthorizerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
    }

    static AuthorizerConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new AuthorizerConfig(env.require(JWT_ISSUER), env.require(JWT_AUDIENCE), env.require(JWKS_URL));
    }
}
