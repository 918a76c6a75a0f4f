package dev.parley.local.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** HTTP answers of the gateway's port, never cached; errors as API Gateway's management API writes them. */
final class HttpReplies {

    private HttpReplies() {
    }

    static boolean send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    static boolean json(Response response, Callback callback, int status, String body) {
        return send(response, callback, status, "application/json", body);
    }

    static boolean error(Response response, Callback callback, int status, String type, String message) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        return json(response, callback, status, "{\"message\":\"" + message + "\"}");
    }
}
