package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ParleyStacksTest {

    /** Every action of docs/protocol.md: core's ActionTest holds the list to the document. */
    private static final List<String> PROTOCOL_ACTIONS = Arrays.stream(Action.Type.values()).map(Action.Type::wireName).toList();
    private static Template stateless;
    private static Template stateful;

    @BeforeAll
    static void synthesize() {
        var synthesized = Synthesized.with(Map.of());
        stateless = synthesized.statelessTemplate;
        stateful = synthesized.statefulTemplate;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static String logicalId(Template template, String type, String prefix) {
        return resources(template, type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void api_whenSynthesized_selectsRoutesByActionAndRoutesEveryProtocolAction() {
        stateless.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET",
                "RouteSelectionExpression", "$request.body.action"));
        for (var action : PROTOCOL_ACTIONS) {
            stateless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", action));
        }
        for (var special : List.of("$connect", "$disconnect", "$default")) {
            stateless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", special));
        }
        stateless.resourceCountIs("AWS::ApiGatewayV2::Route", PROTOCOL_ACTIONS.size() + 3);
        stateless.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", PROTOCOL_ACTIONS.size() + 1);
        assertThat(StatelessStack.ROUTES.keySet()).containsExactlyInAnyOrderElementsOf(PROTOCOL_ACTIONS);
    }

    @Test
    void actionRoutes_whenSynthesized_invokeTheFunctionThatServesTheAction() {
        var routes = resources(stateless, "AWS::ApiGatewayV2::Route");
        var integrations = resources(stateless, "AWS::ApiGatewayV2::Integration");
        var aliases = resources(stateless, "AWS::Lambda::Alias").keySet();
        for (var action : Action.Type.values()) {
            var spec = StatelessStack.ROUTES.get(action.wireName());
            var route = routes.values().stream().map(ParleyStacksTest::properties)
                    .filter(properties -> action.wireName().equals(properties.get("RouteKey"))).findFirst().orElseThrow();
            var integration = integrations.entrySet().stream()
                    .filter(entry -> String.valueOf(route.get("Target")).contains("{Ref=" + entry.getKey() + "}"))
                    .map(entry -> String.valueOf(properties(entry.getValue()).get("IntegrationUri"))).findFirst().orElseThrow();
            var alias = aliases.stream().filter(id -> id.startsWith(spec.id() + "Live")).findFirst().orElseThrow();

            assertThat(integration).as(action.wireName()).contains("{Ref=" + alias + "}");
        }
    }

    @Test
    void connectRoute_whenSynthesized_isBehindTheRequestAuthorizerOnTheTokenQueryParameter() {
        stateless.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "REQUEST",
                "IdentitySource", List.of("route.request.querystring.token")));
        stateless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$connect", "AuthorizationType", "CUSTOM"));
        stateless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "sendMessage", "AuthorizationType", "NONE"));
    }

    @Test
    void invocations_whenSynthesized_targetThePublishedAliasNeverLatest() {
        var aliasIds = resources(stateless, "AWS::Lambda::Alias").keySet();
        var functionIds = resources(stateless, "AWS::Lambda::Function").keySet();
        var invokers = new ArrayList<String>();
        resources(stateless, "AWS::ApiGatewayV2::Integration").values()
                .forEach(r -> invokers.add(String.valueOf(properties(r).get("IntegrationUri"))));
        resources(stateless, "AWS::ApiGatewayV2::Authorizer").values()
                .forEach(r -> invokers.add(String.valueOf(properties(r).get("AuthorizerUri"))));
        resources(stateless, "AWS::Lambda::EventSourceMapping").values()
                .forEach(r -> invokers.add(String.valueOf(properties(r).get("FunctionName"))));
        resources(stateless, "AWS::Events::Rule").values().forEach(r -> invokers.add(String.valueOf(properties(r).get("Targets"))));
        resources(stateless, "Custom::S3BucketNotifications").values()
                .forEach(r -> invokers.add(String.valueOf(properties(r).get("NotificationConfiguration"))));

        assertThat(invokers).hasSize(PROTOCOL_ACTIONS.size() + 3 + 1 + 2 + 2 + 1).allSatisfy(invoker -> {
            assertThat(aliasIds.stream().anyMatch(invoker::contains)).as(invoker).isTrue();
            assertThat(functionIds.stream().filter(id -> !id.startsWith("BucketNotificationsHandler"))
                    .anyMatch(id -> invoker.contains("{Ref=" + id + "}") || invoker.contains("[" + id + ", Arn]"))).as(invoker).isFalse();
            assertThat(invoker).doesNotContain("$LATEST");
        });
        stateless.resourceCountIs("AWS::Lambda::Alias", FunctionSpec.values().length);
        stateless.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    @Test
    void functions_whenSynthesized_runJava25OnArm64WithSnapStartTracingAndTheirOwnLogs() {
        for (var spec : FunctionSpec.values()) {
            stateless.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", spec.handler(),
                    "Runtime", "java25",
                    "Architectures", List.of("arm64"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"),
                    "MemorySize", spec.memoryMb(),
                    "Timeout", spec.timeoutSeconds(),
                    "LoggingConfig", Match.objectLike(Map.of("LogGroup", Match.anyValue())),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("LOG_LEVEL", "INFO")))));
        }
        stateless.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void queues_whenSynthesized_areEncryptedWithRedriveAndOutlastTheirConsumers() {
        var queues = resources(stateless, "AWS::SQS::Queue");
        var fanoutQueue = properties(queues.get(logicalId(stateless, "AWS::SQS::Queue", "FanoutQueue")));
        var notifyQueue = properties(queues.get(logicalId(stateless, "AWS::SQS::Queue", "NotifyQueue")));

        assertThat(((Number) fanoutQueue.get("VisibilityTimeout")).intValue())
                .isGreaterThanOrEqualTo(6 * FunctionSpec.FANOUT.timeoutSeconds());
        assertThat(((Number) notifyQueue.get("VisibilityTimeout")).intValue())
                .isGreaterThanOrEqualTo(6 * FunctionSpec.NOTIFY.timeoutSeconds());
        for (var queue : List.of(fanoutQueue, notifyQueue)) {
            assertThat(String.valueOf(queue.get("RedrivePolicy"))).contains("maxReceiveCount=5").contains("deadLetterTargetArn");
        }
        resources(stateless, "AWS::SQS::Queue").values()
                .forEach(queue -> assertThat(properties(queue).get("SqsManagedSseEnabled")).isEqualTo(true));
        stateless.resourceCountIs("AWS::SQS::Queue", 6);
        stateless.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void publishRecovery_whenSynthesized_runsEveryMinuteOnTheSparsePendingIndexAndFanoutMayOnlyUpdateDedup() {
        stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "dedupKey", "KeyType", "HASH")),
                "GlobalSecondaryIndexes", List.of(Map.of("IndexName", "byPendingPublish",
                        "KeySchema", List.of(Map.of("AttributeName", "pendingShard", "KeyType", "HASH"),
                                Map.of("AttributeName", "pendingSince", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "INCLUDE", "NonKeyAttributes", List.of("seq")))),
                "AttributeDefinitions", Match.arrayWith(List.of(Map.of("AttributeName", "pendingSince", "AttributeType", "N")))));
        var recovery = logicalId(stateless, "AWS::Lambda::Alias", "PublishRecoveryLive");
        stateless.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 minute)",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", recovery))))));
        stateless.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", FunctionSpec.PUBLISH_RECOVERY.handler(),
                "Timeout", 60, "Environment", Map.of("Variables", Match.objectLike(Map.of("DEDUP_TABLE", Match.anyValue(),
                        "MESSAGES_TABLE", Match.anyValue(), "EVENTS_TOPIC_ARN", Match.anyValue())))));
        var fanoutPolicy = resources(stateless, "AWS::IAM::Policy").entrySet().stream()
                .filter(policy -> policy.getKey().startsWith("FanoutServiceRoleDefaultPolicy")).findFirst().orElseThrow();
        assertThat(String.valueOf(properties(fanoutPolicy.getValue()).get("PolicyDocument")))
                .contains("Action=dynamodb:UpdateItem").contains("Dedup");
    }

    @Test
    void notify_whenSynthesized_keepsWhoWasPushedForAsLongAsItsQueueMayRedeliverARecord() {
        var notifyQueue = properties(resources(stateless, "AWS::SQS::Queue").get(logicalId(stateless, "AWS::SQS::Queue", "NotifyQueue")));
        var visibility = ((Number) notifyQueue.get("VisibilityTimeout")).intValue();
        var mapping = resources(stateless, "AWS::Lambda::EventSourceMapping").values().stream().map(ParleyStacksTest::properties)
                .filter(p -> Integer.valueOf(25).equals(p.get("BatchSize"))).findFirst().orElseThrow();
        var window = ((Number) mapping.get("MaximumBatchingWindowInSeconds")).intValue();
        var notify = properties(resources(stateless, "AWS::Lambda::Function").get(logicalId(stateless, "AWS::Lambda::Function", "Notify")));

        assertThat(String.valueOf(notify.get("Environment")))
                .contains("NOTIFY_REDELIVERY_SECONDS=" + (visibility * 5 + window));
    }

    @Test
    void notify_whenSynthesized_mayOnlySendToItsOwnQueueWhichItKnowsFromItsEnvironment() {
        var notifyQueue = logicalId(stateless, "AWS::SQS::Queue", "NotifyQueue");

        stateless.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", FunctionSpec.NOTIFY.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of("NOTIFY_QUEUE_URL", Map.of("Ref", notifyQueue))))));
        assertThat(resourcesAllowing("NotifyServiceRole", "sqs:SendMessage")).singleElement()
                .isEqualTo(String.valueOf(Map.of("Fn::GetAtt", List.of(notifyQueue, "Arn"))));
    }

    @Test
    void subscriptions_whenSynthesized_deliverRawWithDeadLettersAndNotifyTakesOnlyPostedMessages() {
        stateless.resourceCountIs("AWS::SNS::Subscription", 2);
        stateless.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "sqs", "RawMessageDelivery", true,
                "RedrivePolicy", Match.objectLike(Map.of("deadLetterTargetArn", Match.anyValue())),
                "FilterPolicy", Map.of("type", List.of("message.posted"))));
        stateless.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "sqs", "RawMessageDelivery", true,
                "RedrivePolicy", Match.objectLike(Map.of("deadLetterTargetArn", Match.anyValue())),
                "FilterPolicy", Match.absent()));
        stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("BatchSize", 10,
                "MaximumBatchingWindowInSeconds", Match.absent(), "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("BatchSize", 25,
                "MaximumBatchingWindowInSeconds", 5, "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        stateless.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(5 minutes)"));
        stateless.hasResourceProperties("Custom::S3BucketNotifications", Map.of("NotificationConfiguration",
                Map.of("LambdaFunctionConfigurations", List.of(Match.objectLike(Map.of("Events", List.of("s3:ObjectCreated:*"),
                        "Filter", Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", "uploads/"))))))))));
    }

    @Test
    void tables_whenSynthesized_haveTheirKeysIndexesTtlAndPointInTimeRecoveryAndAreRetained() {
        stateful.resourceCountIs("AWS::DynamoDB::Table", 10);
        resources(stateful, "AWS::DynamoDB::Table").values().forEach(table -> {
            assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
            assertThat(properties(table).get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
            assertThat(String.valueOf(properties(table).get("PointInTimeRecoverySpecification")))
                    .contains("PointInTimeRecoveryEnabled=true");
        });
        stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "channelId", "KeyType", "HASH"),
                        Map.of("AttributeName", "seq", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
        stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "connectionId", "KeyType", "HASH")),
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("IndexName", "byUser", "Projection", Map.of("ProjectionType", "KEYS_ONLY"))),
                        Match.objectLike(Map.of("IndexName", "bySweepBucket"))))));
        stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "channelId", "KeyType", "HASH"),
                        Map.of("AttributeName", "userId", "KeyType", "RANGE")),
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byUser",
                        "Projection", Map.of("ProjectionType", "ALL"))))));
        stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "userId", "KeyType", "HASH"),
                        Map.of("AttributeName", "deviceId", "KeyType", "RANGE")),
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byDevice",
                        "KeySchema", List.of(Map.of("AttributeName", "deviceId", "KeyType", "HASH"),
                                Map.of("AttributeName", "userId", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "KEYS_ONLY"))))));
        for (var ttlTable : List.of("dedupKey", "throttleKey")) {
            stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "KeySchema", List.of(Map.of("AttributeName", ttlTable, "KeyType", "HASH")),
                    "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
        }
    }

    @Test
    void bucket_whenSynthesized_isPrivateEncryptedTlsOnlyWithCorsLifecycleAndRetained() {
        stateful.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.anyValue())),
                "CorsConfiguration", Map.of("CorsRules", List.of(Match.objectLike(Map.of("AllowedMethods",
                        List.of("PUT", "GET", "HEAD"))))),
                "LifecycleConfiguration", Map.of("Rules", List.of(
                        Match.objectLike(Map.of("AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))),
                        Map.of("Id", "expire-unattached-uploads", "Prefix", "uploads/", "ExpirationInDays", 1, "Status", "Enabled")))));
        stateful.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("CorsConfiguration", Match.anyValue()))));
        stateful.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void policies_whenSynthesized_grantNoStarActionAndManageConnectionsOnlyToThePosters() {
        var withManageConnections = new ArrayList<String>();
        resources(stateless, "AWS::IAM::Policy").forEach((id, policy) -> {
            var document = String.valueOf(properties(policy).get("PolicyDocument"));
            assertThat(document).doesNotContain("Action=*,").doesNotContain("Action=*}").doesNotContain("Action=[*");
            if (document.contains("execute-api:ManageConnections")) {
                withManageConnections.add(String.valueOf(properties(policy).get("Roles")));
            }
        });
        resources(stateful, "AWS::IAM::Policy").values()
                .forEach(policy -> assertThat(String.valueOf(properties(policy).get("PolicyDocument"))).doesNotContain("Action=*"));

        assertThat(withManageConnections).hasSize(2);
        assertThat(withManageConnections).anySatisfy(roles -> assertThat(roles).contains("FanoutServiceRole"));
        assertThat(withManageConnections).anySatisfy(roles -> assertThat(roles).contains("SweepServiceRole"));
    }

    /** The resources of the statements in the role's policies that allow {@code action}. */
    @SuppressWarnings("unchecked")
    private static List<String> resourcesAllowing(String rolePrefix, String action) {
        var found = new ArrayList<String>();
        resources(stateless, "AWS::IAM::Policy").values().stream()
                .filter(policy -> String.valueOf(properties(policy).get("Roles")).contains(rolePrefix))
                .forEach(policy -> {
                    var document = (Map<String, Object>) properties(policy).get("PolicyDocument");
                    for (var statement : (List<Map<String, Object>>) document.get("Statement")) {
                        var actions = statement.get("Action");
                        if (actions instanceof List<?> list ? list.contains(action) : action.equals(actions)) {
                            found.add(String.valueOf(statement.get("Resource")));
                        }
                    }
                });
        return found;
    }

    @Test
    void bucketGrants_whenSynthesized_letUploadUrlsWriteOnlyUploadsAndSendingWriteOnlyAttachments() {
        assertThat(resourcesAllowing("AttachmentsServiceRole", "s3:PutObject")).singleElement()
                .satisfies(resource -> assertThat(resource).contains("/uploads/*").doesNotContain("/attachments/*"));
        assertThat(resourcesAllowing("SendMessageServiceRole", "s3:PutObject")).singleElement()
                .satisfies(resource -> assertThat(resource).contains("/attachments/*").doesNotContain("/uploads/*"));
        assertThat(resourcesAllowing("SendMessageServiceRole", "s3:GetObject")).singleElement()
                .satisfies(resource -> assertThat(resource).contains("/uploads/*"));
    }

    @Test
    void policies_whenSynthesized_grantOnTheAttachmentsOnlyTheObjectActionsEachFunctionUses() {
        resources(stateless, "AWS::IAM::Policy").values().forEach(policy -> assertThat(String.valueOf(properties(policy)
                .get("PolicyDocument"))).doesNotContain("s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:List*", "s3:Abort*",
                "s3:GetBucket*", "s3:GetObject*", "s3:DeleteObject*", "sns:GetEndpointAttributes"));
        // Each function's object actions, by the keys they apply to.
        var grants = Map.of(
                "SendMessageServiceRole", Map.of("s3:GetObject", "/uploads/*", "s3:PutObject", "/attachments/*",
                        "s3:DeleteObject", "/attachments/*"),
                "AttachmentsServiceRole", Map.of("s3:GetObject", "/attachments/*", "s3:PutObject", "/uploads/*"),
                "UploadCheckServiceRole", Map.of("s3:GetObject", "/uploads/*", "s3:DeleteObject", "/uploads/*"));
        var withObjectActions = new ArrayList<String>();
        resources(stateless, "AWS::IAM::Policy").forEach((id, policy) -> {
            var roles = String.valueOf(properties(policy).get("Roles"));
            if (String.valueOf(properties(policy).get("PolicyDocument")).contains("s3:") && !roles.contains("BucketNotificationsHandler")) {
                withObjectActions.add(roles);
            }
        });

        assertThat(withObjectActions).hasSize(grants.size());
        grants.forEach((role, actions) -> {
            actions.forEach((action, keys) -> assertThat(resourcesAllowing(role, action)).singleElement()
                    .satisfies(resource -> assertThat(resource).contains(keys)));
            for (var other : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
                if (!actions.containsKey(other)) {
                    assertThat(resourcesAllowing(role, other)).as(role + " " + other).isEmpty();
                }
            }
            assertThat(resourcesAllowing(role, "s3:ListBucket")).isNotEmpty()
                    .allSatisfy(resource -> assertThat(resource).doesNotContain("/*"));
        });
    }

    @Test
    void uploadCheck_whenSynthesized_hasOnlyTheBucketInItsEnvironmentAndNoTableGrants() {
        stateless.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", FunctionSpec.UPLOAD_CHECK.handler(),
                "Environment", Map.of("Variables", Match.exact(Map.of("ATTACHMENTS_BUCKET", Match.anyValue(), "LOG_LEVEL", "INFO")))));
        var policies = resources(stateless, "AWS::IAM::Policy").values().stream().map(ParleyStacksTest::properties)
                .filter(policy -> String.valueOf(policy.get("Roles")).contains("UploadCheckServiceRole")).toList();

        assertThat(policies).isNotEmpty()
                .allSatisfy(policy -> assertThat(String.valueOf(policy.get("PolicyDocument"))).doesNotContain("dynamodb:"));
    }

    @Test
    void alarms_whenSynthesized_watchEveryDeadLetterQueueAndEveryFunction() {
        stateless.resourceCountIs("AWS::CloudWatch::Alarm", 4 + FunctionSpec.values().length);
        stateless.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateNumberOfMessagesVisible",
                "Threshold", 0, "ComparisonOperator", "GreaterThanThreshold", "AlarmActions", Match.anyValue()));
        stateless.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors", "Namespace", "AWS/Lambda"));
    }

    @Test
    void alarmsTopic_whenSynthesized_usesARotatedKeyThatCloudWatchMayUseAndLetsCloudWatchPublish() {
        var keyId = logicalId(stateless, "AWS::KMS::Key", "AlarmsKey");
        var topicId = resources(stateless, "AWS::SNS::Topic").entrySet().stream()
                .filter(topic -> "Parley alarms".equals(properties(topic.getValue()).get("DisplayName"))).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
        var thisAccount = Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")));

        stateless.hasResourceProperties("AWS::SNS::Topic", Map.of("DisplayName", "Parley alarms",
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
        stateless.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Condition", thisAccount)))))));
        stateless.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("Topics", List.of(Map.of("Ref", topicId)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"), "Action", "sns:Publish",
                        "Resource", Map.of("Ref", topicId),
                        "Condition", Match.objectLike(thisAccount))))))));
        resources(stateless, "AWS::CloudWatch::Alarm").values().forEach(alarm ->
                assertThat(properties(alarm).get("AlarmActions")).isEqualTo(List.of(Map.of("Ref", topicId))));
    }

    @Test
    void outputs_whenSynthesized_nameTheEndpointsTheBucketAndTheUserPool() {
        stateless.hasOutput("WebSocketUrl", Map.of("Value", Match.anyValue()));
        stateless.hasOutput("ConnectionsUrl", Map.of("Value", Match.anyValue()));
        stateful.hasOutput("AttachmentsBucketName", Map.of("Value", Match.anyValue()));
        stateful.hasOutput("UserPoolId", Map.of("Value", Match.anyValue()));
        stateful.hasOutput("UserPoolClientId", Map.of("Value", Match.anyValue()));
    }

    @Test
    void identity_whenNoIssuerIsGiven_usesTheCreatedUserPool() {
        stateful.resourceCountIs("AWS::Cognito::UserPool", 1);
        stateless.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", FunctionSpec.AUTHORIZER.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of("JWT_ISSUER", Match.anyValue(), "JWKS_URL", Match.anyValue(),
                        "JWT_AUDIENCE", Match.anyValue())))));
    }

    @Test
    void messagesTable_whenSynthesized_hasTheSparseThreadIndexOfRepliesBySeq() {
        stateful.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "channelId", "KeyType", "HASH"),
                        Map.of("AttributeName", "seq", "KeyType", "RANGE")),
                "GlobalSecondaryIndexes", List.of(Map.of("IndexName", "byThread",
                        "KeySchema", List.of(Map.of("AttributeName", "threadKey", "KeyType", "HASH"),
                                Map.of("AttributeName", "seq", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))),
                "AttributeDefinitions", Match.arrayWith(List.of(Map.of("AttributeName", "threadKey", "AttributeType", "S")))));
        // getThread queries the index from the channels function.
        assertThat(resourcesAllowing("ChannelsServiceRole", "dynamodb:Query"))
                .anySatisfy(resources -> assertThat(resources).containsPattern("Messages[^,]*Arn[^,]*\\}\\}, /index/\\*"));
    }
}
