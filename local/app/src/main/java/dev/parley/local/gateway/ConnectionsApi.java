package dev.parley.local.gateway;

import static dev.parley.local.gateway.HttpReplies.error;
import static dev.parley.local.gateway.HttpReplies.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.faults.Faults;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The {@code @connections} management API: post to a connection, read its metadata, or close it; callers must sign
 * with the engines' access key. Counts posts and injects the connection faults of {@code --faults}.
 */
final class ConnectionsApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Gateway gateway;
    private final String accessKeyId;

    ConnectionsApi(Gateway gateway, String accessKeyId) {
        this.gateway = gateway;
        this.accessKeyId = accessKeyId;
    }

    boolean handle(Request request, Response response, Callback callback, String encodedId) throws IOException {
        var authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/")) {
            return error(response, callback, 403, "ForbiddenException", "Forbidden");
        }
        var connection = gateway.connection(URLDecoder.decode(encodedId, StandardCharsets.UTF_8));
        if (connection == null) {
            if (request.getMethod().equals("POST")) {
                gateway.count("apigateway.postsGone");
            }
            return error(response, callback, 410, "GoneException", "Gone");
        }
        return switch (request.getMethod()) {
            case "POST" -> post(request, response, callback, connection);
            case "GET" -> {
                var body = MAPPER.createObjectNode().put("connectedAt", Instant.ofEpochMilli(connection.connectedAt()).toString())
                        .put("lastActiveAt", Instant.ofEpochMilli(connection.lastActiveAt()).toString());
                body.putObject("identity").put("sourceIp", connection.sourceIp()).put("userAgent", connection.userAgent());
                yield json(response, callback, 200, MAPPER.writeValueAsString(body));
            }
            case "DELETE" -> {
                connection.close(1000, "");
                response.setStatus(204);
                callback.succeeded();
                yield true;
            }
            default -> error(response, callback, 405, "MethodNotAllowed", "Method Not Allowed");
        };
    }

    private boolean post(Request request, Response response, Callback callback, Connection connection) throws IOException {
        var data = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (data.getBytes(StandardCharsets.UTF_8).length > gateway.limits().maxMessageBytes()) {
            return error(response, callback, 413, "PayloadTooLargeException", "Request entity too large");
        }
        if (gateway.inject(Faults.Point.CONNECTIONS_GONE)) {
            // The connection dropped just now: the post finds it gone and the client sees it closed.
            gateway.closed(connection);
            connection.close(1001, "Going away");
            gateway.count("apigateway.postsGone");
            return error(response, callback, 410, "GoneException", "Gone");
        }
        if (gateway.inject(Faults.Point.CONNECTIONS_THROTTLE)) {
            return error(response, callback, 429, "LimitExceededException", "Rate exceeded");
        }
        if (gateway.inject(Faults.Point.CONNECTIONS_5XX)) {
            return error(response, callback, 500, "InternalServerErrorException", "Internal server error");
        }
        connection.send(data);
        gateway.count("apigateway.posts");
        return json(response, callback, 200, "{}");
    }
}
