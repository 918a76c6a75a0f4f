package dev.parley.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.ApiModel;
import dev.parley.local.lambda.InvocationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket upgrade as API Gateway answers it: the identity sources must be present, the REQUEST authorizer must
 * allow (its context goes to every route of the connection), and the {@code $connect} integration must answer 2xx.
 * Anything else refuses the upgrade with API Gateway's status.
 */
final class Handshake {

    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The upgrade is answered with {@code status} instead. */
    private static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final Gateway gateway;
    private final ApiModel model;
    private final String connectionId = newConnectionId();
    private final long connectedAt = System.currentTimeMillis();
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> queryParameters = new HashMap<>();
    private final String sourceIp;
    private final String userAgent;

    private Handshake(Gateway gateway, ApiModel model, ServerUpgradeRequest request) {
        this.gateway = gateway;
        this.model = model;
        request.getHeaders().forEach(field -> headers.put(field.getName(), field.getValue()));
        for (Fields.Field field : Request.extractQueryParameters(request, StandardCharsets.UTF_8)) {
            queryParameters.put(field.getName(), field.getValue());
        }
        sourceIp = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : "127.0.0.1";
        userAgent = headers.getOrDefault("User-Agent", "");
    }

    /** The connection, or {@code null} when the upgrade was refused with an error response. */
    static Connection accept(Gateway gateway, ApiModel model, ServerUpgradeRequest request, ServerUpgradeResponse response,
                             Callback callback) {
        var handshake = new Handshake(gateway, model, request);
        try {
            var authorizerContext = handshake.authorize();
            handshake.connect(authorizerContext);
            return new Connection(gateway, model, handshake.connectionId, handshake.connectedAt, authorizerContext, handshake.sourceIp,
                    handshake.userAgent);
        } catch (Refused refused) {
            Response.writeError(request, response, callback, refused.status, refused.getMessage());
            return null;
        } catch (IOException e) {
            Response.writeError(request, response, callback, 500);
            return null;
        }
    }

    /** The authorizer's context and principal, or an empty context when the API has no authorizer. */
    private Map<String, Object> authorize() throws Refused, IOException {
        Map<String, Object> context = new HashMap<>();
        var authorizer = model.authorizer();
        if (authorizer == null) {
            return context;
        }
        for (var source : authorizer.identitySources()) {
            var name = source.substring(source.lastIndexOf('.') + 1);
            var fromQuery = source.contains(".querystring.") && queryParameters.getOrDefault(name, "").isEmpty();
            var fromHeader = source.contains(".header.") && headers.getOrDefault(name, "").isEmpty();
            if (fromQuery || fromHeader) {
                throw new Refused(401, "Unauthorized");
            }
        }
        var event = MAPPER.createObjectNode().put("type", "REQUEST")
                .put("methodArn", "arn:aws:execute-api:" + gateway.region() + ":" + gateway.accountId() + ":" + model.apiId() + "/"
                        + model.stageName() + "/$connect");
        event.set("headers", MAPPER.valueToTree(headers));
        event.set("queryStringParameters", MAPPER.valueToTree(queryParameters));
        event.set("requestContext", gateway.requestContext(model, "$connect", "CONNECT", connectionId, connectedAt, null, sourceIp,
                userAgent));
        String result;
        try {
            result = authorizer.function().invoke(MAPPER.writeValueAsString(event));
        } catch (InvocationException e) {
            if ("Unauthorized".equals(e.getMessage())) {
                throw new Refused(401, "Unauthorized");
            }
            LOG.warn("authorizer failed: {}", e.getMessage());
            throw new Refused(500, null);
        }
        var policy = MAPPER.readTree(result);
        var effect = policy.path("policyDocument").path("Statement").path(0).path("Effect").asText("Deny");
        if (!"Allow".equalsIgnoreCase(effect)) {
            throw new Refused(403, "Forbidden");
        }
        policy.path("context").properties().forEach(field -> context.put(field.getKey(), field.getValue().asText()));
        context.put("principalId", policy.path("principalId").asText());
        return context;
    }

    /** Runs the {@code $connect} integration, if the API has one; a status other than 2xx refuses the connection. */
    private void connect(Map<String, Object> authorizerContext) throws Refused, IOException {
        var connect = model.routes().get("$connect");
        if (connect == null) {
            return;
        }
        var event = gateway.webSocketEvent(model, "$connect", "CONNECT", connectionId, connectedAt, authorizerContext, sourceIp,
                userAgent, null);
        event.set("headers", MAPPER.valueToTree(headers));
        event.set("queryStringParameters", MAPPER.valueToTree(queryParameters));
        int status;
        try {
            status = MAPPER.readTree(connect.function().invoke(MAPPER.writeValueAsString(event))).path("statusCode").asInt(200);
        } catch (InvocationException e) {
            LOG.warn("{} failed: {}", connect.routeKey(), e.getMessage());
            status = 500;
        }
        if (status < 200 || status > 299) {
            throw new Refused(status >= 400 ? status : 500, null);
        }
    }

    private static String newConnectionId() {
        var bytes = UUID.randomUUID().toString().replace("-", "");
        return java.util.Base64.getEncoder().withoutPadding().encodeToString(bytes.substring(0, 12).getBytes(StandardCharsets.UTF_8))
                .replace('/', 'A').replace('+', 'B') + "=";
    }
}
