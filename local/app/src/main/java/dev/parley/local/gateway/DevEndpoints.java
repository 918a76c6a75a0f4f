package dev.parley.local.gateway;

import static dev.parley.local.gateway.HttpReplies.json;
import static dev.parley.local.gateway.HttpReplies.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.TokenIssuer;
import dev.parley.local.engines.RequestCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What Parley Local serves for development beside the API: the token issuer and its keys, the chat page and its config,
 * the request counters ({@code --count-requests}) and the injected faults ({@code --faults}).
 */
final class DevEndpoints {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Gateway gateway;

    DevEndpoints(Gateway gateway) {
        this.gateway = gateway;
    }

    boolean handle(Request request, Response response, Callback callback, String path) throws IOException {
        var issuer = gateway.currentTokens();
        if (issuer != null && path.equals("/.well-known/jwks.json")) {
            return json(response, callback, 200, issuer.jwks());
        }
        if (issuer != null && path.equals("/dev/token")) {
            return token(request, response, callback, issuer);
        }
        var model = gateway.currentApi();
        if (path.equals("/dev/config") && model != null) {
            var body = MAPPER.createObjectNode().put("websocketUrl", "ws://127.0.0.1:" + gateway.port() + "/" + model.stageName())
                    .put("tokenUrl", gateway.baseUrl() + "/dev/token");
            return json(response, callback, 200, MAPPER.writeValueAsString(body));
        }
        var requestCounts = gateway.currentCounts();
        if (requestCounts != null && path.startsWith("/dev/counters")) {
            return counters(request, response, callback, requestCounts, path);
        }
        var injected = gateway.currentFaults();
        if (injected != null && path.equals("/dev/faults") && request.getMethod().equals("GET")) {
            var body = MAPPER.createObjectNode().put("spec", injected.spec().describe());
            body.set("injected", MAPPER.valueToTree(injected.injected()));
            return json(response, callback, 200, MAPPER.writeValueAsString(body));
        }
        if (path.equals("/") || path.equals("/index.html")) {
            return send(response, callback, 200, "text/html; charset=utf-8", page());
        }
        return json(response, callback, 404, "{\"message\":\"Not Found\"}");
    }

    private static boolean token(Request request, Response response, Callback callback, TokenIssuer issuer) throws IOException {
        var user = Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue("user");
        if (!TokenIssuer.isUserName(user)) {
            return json(response, callback, 400, "{\"message\":\"give ?user= with 1 to 64 of A-Z a-z 0-9 . _ @ + -\"}");
        }
        var body = MAPPER.createObjectNode().put("token", issuer.token(user, TokenIssuer.LIFETIME)).put("userId", user)
                .put("expiresAt", Instant.now().plus(TokenIssuer.LIFETIME).toEpochMilli());
        return json(response, callback, 200, MAPPER.writeValueAsString(body));
    }

    private boolean counters(Request request, Response response, Callback callback, RequestCounts requestCounts, String path)
            throws IOException {
        if (path.equals("/dev/counters/reset") && request.getMethod().equals("POST")) {
            requestCounts.reset();
            return json(response, callback, 200, "{}");
        }
        if (path.equals("/dev/counters") && request.getMethod().equals("GET")) {
            var body = MAPPER.createObjectNode().put("openConnections", gateway.connectionCount());
            body.set("counters", MAPPER.valueToTree(requestCounts.snapshot()));
            return json(response, callback, 200, MAPPER.writeValueAsString(body));
        }
        return json(response, callback, 404, "{\"message\":\"GET /dev/counters or POST /dev/counters/reset\"}");
    }

    private static String page() throws IOException {
        try (InputStream in = DevEndpoints.class.getResourceAsStream("/web/index.html")) {
            if (in == null) {
                return "<!doctype html><title>Parley Local</title><p>The chat page is missing from this build.";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
