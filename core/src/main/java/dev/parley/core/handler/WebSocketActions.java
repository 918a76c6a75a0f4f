package dev.parley.core.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ErrorCode;
import dev.parley.core.protocol.Frames;
import dev.parley.core.protocol.ParleyException;
import dev.parley.core.protocol.UnknownActionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The shape every WebSocket action function shares: read the caller from the authorizer context (never from the
 * frame), parse the frame, run the action, and answer with its response frame or an error frame. Errors are frames,
 * never failed invocations. A connection outlives the token it was opened with (API Gateway keeps it up to two
 * hours), so once the token's expiry in the authorizer context has passed, every action is refused as
 * {@code unauthorized} and the client has to reconnect with a fresh token.
 */
public final class WebSocketActions<A extends Action> {

    /**
     * Runs one parsed action of the function's own for a caller; returns the response frame, or null for actions with
     * none. A switch over {@code A}, a sealed {@code Action.ServedBy…} interface, needs no default branch.
     */
    @FunctionalInterface
    public interface Dispatcher<A extends Action> {
        String dispatch(Caller caller, String requestId, A action);
    }

    /** The authorizer context key of the token's expiry, in epoch seconds. */
    public static final String EXPIRES_AT = "expiresAt";
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketActions.class);

    private final String functionName;
    private final Class<A> served;
    private final Dispatcher<A> dispatcher;
    private final Clock clock;

    /** A function that serves the actions whose records implement {@code served}; any other is {@code unknown_action}. */
    public WebSocketActions(String functionName, Class<A> served, Dispatcher<A> dispatcher) {
        this(functionName, served, dispatcher, Clock.systemUTC());
    }

    public WebSocketActions(String functionName, Class<A> served, Dispatcher<A> dispatcher, Clock clock) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.served = Objects.requireNonNull(served, "served");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The user id the authorizer put in the context at {@code $connect}; null when there is none. */
    public static String userId(APIGatewayV2WebSocketEvent event) {
        var context = event.getRequestContext();
        Map<String, Object> authorizer = context == null ? null : context.getAuthorizer();
        if (authorizer == null) {
            return null;
        }
        var userId = authorizer.get("userId");
        if (userId == null) {
            userId = authorizer.get("principalId");
        }
        return userId instanceof String text && Frames.isUserId(text) ? text : null;
    }

    /**
     * When the token the connection was opened with expires, from the authorizer context; null for a context
     * without one. API Gateway may pass the number as a number or as a string.
     */
    public static Instant expiresAt(APIGatewayV2WebSocketEvent event) {
        var context = event.getRequestContext();
        Map<String, Object> authorizer = context == null ? null : context.getAuthorizer();
        var value = authorizer == null ? null : authorizer.get(EXPIRES_AT);
        try {
            return switch (value) {
                case Number number -> Instant.ofEpochSecond(number.longValue());
                case String text -> Instant.ofEpochSecond(Long.parseLong(text.trim()));
                case null, default -> null;
            };
        } catch (NumberFormatException e) {
            // Unreadable is treated as expired: an authorization that cannot be bounded is not honoured.
            return Instant.EPOCH;
        }
    }

    public static String connectionId(APIGatewayV2WebSocketEvent event) {
        return event.getRequestContext() == null ? null : event.getRequestContext().getConnectionId();
    }

    public static APIGatewayV2WebSocketResponse respond(String body) {
        var response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        if (body != null) {
            response.setBody(body);
        }
        return response;
    }

    public APIGatewayV2WebSocketResponse handle(APIGatewayV2WebSocketEvent event, Context context) {
        InvocationLog.begin(context);
        var started = System.nanoTime();
        var metrics = Metrics.forFunction(functionName);
        var body = event == null ? null : event.getBody();
        String requestId = null;
        String action = "invalid";
        try {
            var userId = event == null ? null : userId(event);
            var connectionId = event == null ? null : connectionId(event);
            requestId = Frames.requestIdOf(body);
            if (userId == null || connectionId == null) {
                LOG.error("no caller identity in the request context: is the route behind the $connect authorizer?");
                return respond(Frames.error(requestId, ErrorCode.FORBIDDEN, "no authenticated caller"));
            }
            MDC.put("userId", userId);
            MDC.put("connectionId", connectionId);
            var expiresAt = expiresAt(event);
            if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
                metrics.count("Error." + ErrorCode.UNAUTHORIZED.wireName(), 1);
                return respond(Frames.error(requestId, ErrorCode.UNAUTHORIZED,
                        "the connection's token has expired: reconnect with a new one"));
            }
            var frame = Frames.parse(body);
            requestId = frame.requestId();
            action = frame.action().name();
            MDC.put("action", action);
            if (!served.isInstance(frame.action())) {
                throw new UnknownActionException("unknown action \"" + action + "\"");
            }
            var reply = dispatcher.dispatch(new Caller(userId, connectionId), requestId, served.cast(frame.action()));
            metrics.count("Action." + action, 1);
            return respond(reply);
        } catch (ParleyException e) {
            metrics.count("Error." + e.code().wireName(), 1);
            if (e.getCause() == null) {
                LOG.info("action refused: {} {}", e.code().wireName(), e.getMessage());
            } else {
                // An error behind the refusal (a stored send not yet published) is told here, once, with its cause.
                LOG.warn("action refused: {} {}", e.code().wireName(), e.getMessage(), e.getCause());
            }
            return respond(Frames.error(requestId, e));
        } catch (RuntimeException e) {
            metrics.count("Error.internal", 1);
            LOG.error("action failed: {}", action, e);
            return respond(Frames.error(requestId, ErrorCode.INTERNAL, "internal error; it is safe to retry"));
        } finally {
            metrics.milliseconds("Latency", (System.nanoTime() - started) / 1e6).flush();
            InvocationLog.end();
        }
    }
}
