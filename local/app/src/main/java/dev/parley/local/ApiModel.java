package dev.parley.local;

import dev.parley.local.lambda.FunctionPool;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The WebSocket API of the template: its routes, which return responses, and the {@code $connect} authorizer. */
public record ApiModel(String apiId, String stageName, String routeSelectionExpression, Map<String, Route> routes,
                       Authorizer authorizer) {

    public ApiModel {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(stageName, "stageName");
        routes = Map.copyOf(routes);
    }

    /** A route and the function its integration invokes; {@code returnsResponse} when it has a route response. */
    public record Route(String routeKey, FunctionPool function, boolean returnsResponse, boolean authorized) {
    }

    /** A REQUEST authorizer: its function and identity sources such as {@code route.request.querystring.token}. */
    public record Authorizer(FunctionPool function, List<String> identitySources) {
        public Authorizer {
            identitySources = List.copyOf(identitySources);
        }
    }

    /** The route a frame goes to: {@code $request.body.action} when it names a route, else {@code $default}. */
    public Route select(String actionOrNull) {
        if (actionOrNull != null && routes.containsKey(actionOrNull) && !actionOrNull.startsWith("$")) {
            return routes.get(actionOrNull);
        }
        return routes.get("$default");
    }
}
