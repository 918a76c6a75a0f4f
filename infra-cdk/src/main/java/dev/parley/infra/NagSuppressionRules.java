package dev.parley.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Stack;

/**
 * The cdk-nag AwsSolutions findings Parley accepts, each with the reason. Everything else the pack reports is a
 * defect to fix, not to suppress.
 */
final class NagSuppressionRules {

    private NagSuppressionRules() {
    }

    static void apply(Stack stateful, Stack stateless) {
        NagSuppressions.addStackSuppressions(stateful, List.of(
                suppression("AwsSolutions-COG3", "Cognito advanced security is a paid feature plan; the pool is a fallback for "
                        + "deployments without their own identity provider, which context can supply instead"),
                suppression("AwsSolutions-COG2", "MFA is optional for end users and enforced by the identity provider of choice "
                        + "when one is given in context")));
        NagSuppressions.addStackSuppressions(stateless, List.of(
                suppression("AwsSolutions-APIG4", "API Gateway WebSocket APIs authorize only the $connect route; every later "
                        + "route runs on that authorized connection, and the functions take the user id from its authorizer context"),
                suppression("AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole lets each function write its own logs; "
                        + "AmazonAPIGatewayPushToCloudWatchLogs is the role API Gateway needs for access logs",
                        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")),
                suppression("AwsSolutions-IAM5", "X-Ray trace writes support no resource-level permissions; index ARNs are the "
                        + "table's own GSIs; object actions are scoped to the uploads/ and attachments/ prefixes of the one bucket; "
                        + "@connections ids are only known at run time; platform endpoint ARNs are created per device under "
                        + "their platform application; the AWS-managed SNS key's id is unknown at synthesis, so its grants name key/* "
                        + "with a kms:ResourceAliases condition; GenerateDataKey* is the pair of data-key actions (with and without "
                        + "plaintext) a publisher to an encrypted topic needs",
                        List.of("Resource::*",
                                regex("/^Resource::.*\\/index\\/\\*$/"),
                                regex("/^Resource::.*\\/attachments\\/\\*$/"),
                                regex("/^Resource::.*\\/uploads\\/\\*$/"),
                                regex("/^Resource::.*\\/@connections\\/\\*$/"),
                                regex("/^Resource::.*:endpoint\\/[^/]+\\/[^/]+\\/\\*$/"),
                                regex("/^Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key\\/\\*$/"),
                                "Action::kms:GenerateDataKey*")),
                suppression("AwsSolutions-SQS3", "these queues are the dead-letter queues of the SNS subscriptions; a "
                        + "dead-letter queue has no dead-letter queue of its own"),
                suppression("AwsSolutions-L1", "the S3 notification handler is CDK's own singleton and its runtime is chosen by "
                        + "the CDK version; Parley's functions run java25, the newest Java runtime")));
    }

    private static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    private static NagPackSuppression suppression(String id, String reason, List<Object> appliesTo) {
        return NagPackSuppression.builder().id(id).reason(reason).appliesTo(appliesTo).build();
    }

    private static RegexAppliesTo regex(String pattern) {
        return RegexAppliesTo.builder().regex(pattern).build();
    }
}
