package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class ExternalIdentityTest {

    private static final String APPLICATION = "arn:aws:sns:eu-west-1:123456789012:app/GCM/parley";
    private static final String ENDPOINTS = "arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/parley/*";
    private static Synthesized synthesized;

    @BeforeAll
    static void synthesize() {
        synthesized = Synthesized.with(Map.of("jwtIssuer", "https://login.example.com", "jwtAudience", "parley-chat",
                "jwksUrl", "https://login.example.com/.well-known/jwks.json", "stageName", "v1",
                "pushPlatformApplications", "fcm=" + APPLICATION));
    }

    @Test
    void identity_whenIssuerAudienceAndJwksAreGiven_createsNoUserPoolAndWiresTheAuthorizerToThem() {
        synthesized.statefulTemplate.resourceCountIs("AWS::Cognito::UserPool", 0);
        synthesized.statelessTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FunctionSpec.AUTHORIZER.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of("JWT_ISSUER", "https://login.example.com",
                        "JWT_AUDIENCE", "parley-chat", "JWKS_URL", "https://login.example.com/.well-known/jwks.json")))));
        synthesized.statelessTemplate.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "v1"));
    }

    @Test
    void pushPolicies_whenPlatformApplicationsAreGiven_grantOnlyTheirEndpointsAndOnlyTheActionsUsed() {
        assertThat(resourcesAllowing("sns:CreatePlatformEndpoint")).containsExactly(APPLICATION);
        assertThat(resourcesAllowing("sns:SetEndpointAttributes")).containsExactly(ENDPOINTS);
        assertThat(resourcesAllowing("sns:Publish")).contains(ENDPOINTS)
                .allSatisfy(resource -> assertThat(resource).doesNotContain(":endpoint/*", ":app/"));
        assertThat(resourcesAllowing("sns:GetEndpointAttributes")).isEmpty();
    }

    /** The resources of every statement that allows the action, whether the statement names it alone or with others. */
    @SuppressWarnings("unchecked")
    private static List<String> resourcesAllowing(String action) {
        var found = new ArrayList<String>();
        for (var policy : ((Map<String, Map<String, Object>>) (Map<?, ?>) synthesized.statelessTemplate
                .findResources("AWS::IAM::Policy")).values()) {
            var document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
            for (var statement : (List<Map<String, Object>>) document.get("Statement")) {
                var actions = statement.get("Action");
                if (actions instanceof List<?> list ? list.contains(action) : action.equals(actions)) {
                    var resource = statement.get("Resource");
                    if (resource instanceof List<?> list) {
                        list.forEach(r -> found.add(String.valueOf(r)));
                    } else {
                        found.add(String.valueOf(resource));
                    }
                }
            }
        }
        return found;
    }
}
