package dev.parley.functions.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.parley.core.auth.JwtVerifier;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.priming.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REQUEST authorizer of {@code $connect}: verifies the {@code token} query parameter and allows the connection
 * with the user id and the token's expiry (epoch seconds) in the context, which API Gateway then passes to every
 * route of the connection; the routes refuse actions once the token has expired. A missing token is answered 401
 * ("Unauthorized"), a token that fails verification 403 (an explicit Deny).
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    /** The message API Gateway turns into a 401 response. */
    static final String UNAUTHORIZED = "Unauthorized";
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizerHandler.class);

    private final JwtVerifier verifier;

    public AuthorizerHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public AuthorizerHandler(Environment environment) {
        this(verifierFor(AuthorizerConfig.fromEnvironment(environment)));
        Priming.register("authorizer", verifier::prime);
    }

    AuthorizerHandler(JwtVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    private static JwtVerifier verifierFor(AuthorizerConfig config) {
        return JwtVerifier.remote(config.issuer(), config.audience(), config.jwksUrl(), Clock.systemUTC());
    }

    /** Lambda's entry: the event read and the answer written by {@link LambdaJson}, primed before the snapshot. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.authorizerEvent(input), context), output);
    }

    /** The invocation, on the event as read. */
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("authorizer");
        try {
            var query = event.getQueryStringParameters();
            var token = query == null ? null : query.get("token");
            if (token == null || token.isBlank()) {
                metrics.count("Unauthorized", 1);
                throw new IllegalArgumentException(UNAUTHORIZED);
            }
            try {
                var identity = verifier.verify(token);
                metrics.count("Allowed", 1);
                return policy(identity.userId(), IamPolicyResponseV1.ALLOW, event.getMethodArn(), Map.of("userId", identity.userId(),
                        WebSocketActions.EXPIRES_AT, identity.expiresAt().getEpochSecond()));
            } catch (JwtVerifier.InvalidTokenException e) {
                metrics.count("Denied", 1);
                LOG.info("connection denied: {}", e.getMessage());
                return policy("anonymous", IamPolicyResponseV1.DENY, event.getMethodArn(), Map.of());
            }
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }

    private static IamPolicyResponseV1 policy(String principalId, String effect, String methodArn, Map<String, Object> context) {
        var statement = IamPolicyResponseV1.Statement.builder()
                .withAction(IamPolicyResponseV1.EXECUTE_API_INVOKE)
                .withEffect(effect)
                .withResource(List.of(methodArn == null ? "*" : methodArn))
                .build();
        var document = IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                .withStatement(List.of(statement))
                .build();
        return IamPolicyResponseV1.builder()
                .withPrincipalId(principalId)
                .withPolicyDocument(document)
                .withContext(context)
                .build();
    }
}
