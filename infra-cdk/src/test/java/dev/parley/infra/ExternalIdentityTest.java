package dev.parley.infra;

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
        synthesized.statelessTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Action", "sns:CreatePlatformEndpoint", "Resource", APPLICATION)),
                        Match.objectLike(Map.of("Action", "sns:SetEndpointAttributes", "Resource", ENDPOINTS)))))));
        synthesized.statelessTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Action", "sns:Publish", "Resource", ENDPOINTS)))))));
    }
}
