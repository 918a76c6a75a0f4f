package dev.parley.infra;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class ExternalIdentityTest {

    @Test
    void identity_whenIssuerAudienceAndJwksAreGiven_createsNoUserPoolAndWiresTheAuthorizerToThem() {
        var synthesized = Synthesized.with(Map.of("jwtIssuer", "https://login.example.com", "jwtAudience", "parley-chat",
                "jwksUrl", "https://login.example.com/.well-known/jwks.json", "stageName", "v1",
                "pushPlatformApplications", "fcm=arn:aws:sns:eu-west-1:123456789012:app/GCM/parley"));

        synthesized.statefulTemplate.resourceCountIs("AWS::Cognito::UserPool", 0);
        synthesized.statelessTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FunctionSpec.AUTHORIZER.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of("JWT_ISSUER", "https://login.example.com",
                        "JWT_AUDIENCE", "parley-chat", "JWKS_URL", "https://login.example.com/.well-known/jwks.json")))));
        synthesized.statelessTemplate.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "v1"));
        synthesized.statelessTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(java.util.List.of(Match.objectLike(Map.of("Action", Match.arrayWith(java.util.List.of(
                        "sns:CreatePlatformEndpoint")), "Resource", "arn:aws:sns:eu-west-1:123456789012:app/GCM/parley")))))));
    }
}
