package dev.parley.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.template.Resource;
import dev.parley.local.template.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;

/** Reads the template's WebSocket API into the model the gateway serves: stage, routes with their functions, the authorizer. */
final class ApiReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiReader() {
    }

    /** The one WebSocket API of the deployment; {@code defaultStage} when the template names no stage. */
    static ApiModel read(Deployment deployment, FunctionPools functions, String defaultStage) {
        var apis = deployment.ofType("AWS::ApiGatewayV2::Api");
        if (apis.size() != 1) {
            throw new TemplateException("Parley Local serves exactly one WebSocket API; the template has " + apis.size());
        }
        var api = apis.getFirst();
        if (!api.property("ProtocolType").asText().equals("WEBSOCKET")) {
            throw new TemplateException("Parley Local serves WebSocket APIs only");
        }
        var stages = deployment.ofType("AWS::ApiGatewayV2::Stage");
        var stageName = stages.isEmpty() ? defaultStage : stages.getFirst().property("StageName").asText(defaultStage);
        var responding = new HashSet<String>();
        for (var response : deployment.ofType("AWS::ApiGatewayV2::RouteResponse")) {
            responding.add(response.property("RouteId").path("Ref").asText());
        }
        var routes = new HashMap<String, ApiModel.Route>();
        ApiModel.Authorizer authorizer = null;
        for (var route : deployment.ofType("AWS::ApiGatewayV2::Route")) {
            var integration = integrationOf(deployment, route);
            var function = functions.get(Deployment.functionOfUri(deployment.resolveText(integration,
                    integration.property("IntegrationUri"))));
            var key = route.property("RouteKey").asText();
            var custom = route.property("AuthorizationType").asText("NONE").equals("CUSTOM");
            routes.put(key, new ApiModel.Route(key, function, responding.contains(route.logicalId()), custom));
            if (custom) {
                var definition = deployment.byRef(route, route.property("AuthorizerId"));
                var sources = new ArrayList<String>();
                definition.property("IdentitySource").forEach(source -> sources.add(source.asText()));
                authorizer = new ApiModel.Authorizer(functions.get(Deployment.functionOfUri(deployment.resolveText(definition,
                        definition.property("AuthorizerUri")))), sources);
            }
        }
        if (!routes.containsKey("$default")) {
            throw new TemplateException("the WebSocket API has no $default route");
        }
        return new ApiModel(deployment.resolveText(api, MAPPER.createObjectNode().put("Ref", api.logicalId())), stageName,
                api.property("RouteSelectionExpression").asText(), routes, authorizer);
    }

    private static Resource integrationOf(Deployment deployment, Resource route) {
        var reference = findRef(route.property("Target"));
        if (reference == null) {
            throw new TemplateException("route " + route.property("RouteKey").asText() + " has no integration target");
        }
        return deployment.byRef(route, MAPPER.createObjectNode().put("Ref", reference));
    }

    private static String findRef(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.has("Ref")) {
            return node.get("Ref").asText();
        }
        for (var child : node) {
            var found = findRef(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
