package dev.parley.core.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.parley.core.fakes.LambdaEvents;
import java.util.HashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Who sends a fuzzed frame: mostly the seeded users on their connections, sometimes a request context without a usable identity. */
public final class WebSocketCallers {

    private WebSocketCallers() {
    }

    /** A caller as the request context shows it; {@code userId} is whatever the authorizer context holds, of any type. */
    public record Caller(Object userId, String connectionId, boolean hasContext) {

        /** The event API Gateway sends for a frame from this caller on a route. */
        public APIGatewayV2WebSocketEvent event(String routeKey, String body) {
            var event = LambdaEvents.webSocket(routeKey, connectionId, userId instanceof String text ? text : null, body);
            if (!hasContext) {
                event.setRequestContext(null);
            } else if (userId != null && !(userId instanceof String)) {
                var authorizer = new HashMap<String, Object>();
                authorizer.put("userId", userId);
                event.getRequestContext().setAuthorizer(authorizer);
            }
            return event;
        }
    }

    public static Arbitrary<Caller> callers() {
        var members = Arbitraries.of(FuzzWorld.USERS).map(user -> new Caller(user, FuzzWorld.CONNECTION_PREFIX + user, true));
        var strangers = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(128)
                .map(user -> new Caller(user, "conn-x", true));
        var broken = Arbitraries.of(
                new Caller(null, "conn-x", true),
                new Caller("alice", null, true),
                new Caller("", "conn-x", true),
                new Caller("a#b", "conn-x", true),
                new Caller("has space", "conn-x", true),
                new Caller("x".repeat(129), "conn-x", true),
                new Caller(42, "conn-x", true),
                new Caller(List.of("alice"), "conn-x", true),
                new Caller("alice", "conn-alice", false));
        return Arbitraries.frequencyOf(Tuple.of(16, members), Tuple.of(2, strangers), Tuple.of(1, broken));
    }
}
