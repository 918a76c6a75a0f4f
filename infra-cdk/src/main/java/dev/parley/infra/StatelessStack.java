package dev.parley.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscriptionProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** Everything that can be replaced freely: functions, the WebSocket API, topics, queues, schedules and alarms. */
public final class StatelessStack extends Stack {

    /** Every action of the wire protocol and the function that serves it. */
    public static final Map<String, FunctionSpec> ROUTES = routes();
    public static final String ALIAS = "live";
    private static final int QUEUE_RECEIVES_BEFORE_DLQ = 5;
    private static final Duration NOTIFY_BATCHING_WINDOW = Duration.seconds(5);

    private final Map<FunctionSpec, Function> functions = new EnumMap<>(FunctionSpec.class);
    private final Map<FunctionSpec, software.amazon.awscdk.services.lambda.Alias> aliases = new EnumMap<>(FunctionSpec.class);
    private final Topic alarms;

    public StatelessStack(Construct scope, String id, StackProps props, StatefulStack state, Settings settings, Path functionJars) {
        super(scope, id, props);
        alarms = alarmsTopic();

        var snsKey = Alias.fromAliasName(this, "SnsKey", "alias/aws/sns");
        var events = Topic.Builder.create(this, "Events").displayName("Parley events").enforceSsl(true).masterKey(snsKey).build();
        var notifications = Topic.Builder.create(this, "Notifications").displayName("Parley push notifications").enforceSsl(true)
                .masterKey(snsKey).build();
        var fanoutQueue = queueWithDlq("Fanout", FunctionSpec.FANOUT);
        var notifyQueue = queueWithDlq("Notify", FunctionSpec.NOTIFY);
        subscribeQueues(events, fanoutQueue, notifyQueue);

        var api = webSocketApi();
        var stage = stage(api, settings);
        apiGatewayLoggingRole();

        var environment = environment(state, events, notifications, fanoutQueue, notifyQueue, stage, settings);
        for (var spec : FunctionSpec.values()) {
            function(spec, environment, functionJars);
        }
        addRoutes(api);
        grant(state, events, notifications, fanoutQueue, stage, settings);
        queueEventSources(fanoutQueue, notifyQueue);
        schedules();
        uploadChecks(state);
        functionAlarms();
        outputs(stage);
    }

    /** Fan-out gets every event; notify only posted messages, which are what can make a push. */
    private void subscribeQueues(Topic events, Queue fanoutQueue, Queue notifyQueue) {
        events.addSubscription(new SqsSubscription(fanoutQueue, SqsSubscriptionProps.builder()
                .rawMessageDelivery(true).deadLetterQueue(dlq("FanoutSubscriptionDlq")).build()));
        events.addSubscription(new SqsSubscription(notifyQueue, SqsSubscriptionProps.builder()
                .rawMessageDelivery(true).deadLetterQueue(dlq("NotifySubscriptionDlq"))
                .filterPolicy(Map.of("type", SubscriptionFilter.stringFilter(StringConditions.builder()
                        .allowlist(List.of("message.posted")).build())))
                .build()));
    }

    private WebSocketApi webSocketApi() {
        return WebSocketApi.Builder.create(this, "ChatApi").apiName("parley")
                .description("Parley chat: the wire protocol of docs/protocol.md")
                .routeSelectionExpression("$request.body.action")
                .build();
    }

    /** The stage, with API Gateway's throttling and an access log line per request. */
    private WebSocketStage stage(WebSocketApi api, Settings settings) {
        var accessLogs = LogGroup.Builder.create(this, "ChatApiAccessLogs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        return WebSocketStage.Builder.create(this, "ChatStage").webSocketApi(api).stageName(settings.stageName()).autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(1000).burstLimit(2000).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"connectionId\":\"$context.connectionId\","
                                + "\"routeKey\":\"$context.routeKey\",\"eventType\":\"$context.eventType\",\"status\":\"$context.status\","
                                + "\"principalId\":\"$context.authorizer.principalId\",\"requestTime\":\"$context.requestTimeEpoch\","
                                + "\"integrationLatency\":\"$context.integrationLatency\",\"error\":\"$context.error.message\"}");
                    }
                })
                .build();
    }

    /** Every variable any function reads; each function is given the ones its {@link FunctionSpec} names. */
    private static Map<String, String> environment(StatefulStack state, Topic events, Topic notifications, Queue fanoutQueue,
                                                   Queue notifyQueue, WebSocketStage stage, Settings settings) {
        var environment = new HashMap<String, String>();
        environment.put("CONNECTIONS_TABLE", state.connections().getTableName());
        environment.put("PRESENCE_TABLE", state.presence().getTableName());
        environment.put("CHANNELS_TABLE", state.channels().getTableName());
        environment.put("MEMBERS_TABLE", state.members().getTableName());
        environment.put("MESSAGES_TABLE", state.messages().getTableName());
        environment.put("DEDUP_TABLE", state.dedup().getTableName());
        environment.put("PRESENCE_WATCH_TABLE", state.presenceWatch().getTableName());
        environment.put("CHANNEL_CONNECTIONS_TABLE", state.channelConnections().getTableName());
        environment.put("DEVICES_TABLE", state.devices().getTableName());
        environment.put("THROTTLES_TABLE", state.throttles().getTableName());
        environment.put("EVENTS_TOPIC_ARN", events.getTopicArn());
        environment.put("NOTIFICATIONS_TOPIC_ARN", notifications.getTopicArn());
        environment.put("FANOUT_QUEUE_URL", fanoutQueue.getQueueUrl());
        environment.put("NOTIFY_QUEUE_URL", notifyQueue.getQueueUrl());
        environment.put("ATTACHMENTS_BUCKET", state.attachments().getBucketName());
        environment.put("CONNECTIONS_ENDPOINT", stage.getCallbackUrl());
        environment.put("PUSH_PLATFORM_APPLICATIONS", settings.pushPlatformApplications());
        environment.put("MESSAGE_RETENTION_DAYS", Integer.toString(settings.messageRetentionDays()));
        environment.put("NOTIFY_REDELIVERY_SECONDS", Long.toString(redeliverySeconds(FunctionSpec.NOTIFY, NOTIFY_BATCHING_WINDOW)));
        if (settings.externalIdentity()) {
            environment.put("JWT_ISSUER", settings.jwtIssuer());
            environment.put("JWT_AUDIENCE", settings.jwtAudience());
            environment.put("JWKS_URL", settings.jwksUrl());
        } else {
            environment.put("JWT_ISSUER", state.userPool().getUserPoolProviderUrl());
            environment.put("JWT_AUDIENCE", state.userPoolClient().getUserPoolClientId());
            environment.put("JWKS_URL", state.userPool().getUserPoolProviderUrl() + "/.well-known/jwks.json");
        }
        return environment;
    }

    /** {@code $connect} behind the token authorizer, {@code $disconnect}, {@code $default}, and a route per action. */
    private void addRoutes(WebSocketApi api) {
        var authorizer = new WebSocketLambdaAuthorizer("TokenAuthorizer", alias(FunctionSpec.AUTHORIZER),
                WebSocketLambdaAuthorizerProps.builder().identitySource(List.of("route.request.querystring.token")).build());
        api.addRoute("$connect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("ConnectIntegration", alias(FunctionSpec.CONNECT)))
                .authorizer(authorizer).build());
        api.addRoute("$disconnect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("DisconnectIntegration", alias(FunctionSpec.DISCONNECT))).build());
        api.addRoute("$default", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("DefaultIntegration", alias(FunctionSpec.PRESENCE)))
                .returnResponse(true).build());
        ROUTES.forEach((action, spec) -> api.addRoute(action, WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration(action + "Integration", alias(spec)))
                .returnResponse(true).build()));
    }

    private void queueEventSources(Queue fanoutQueue, Queue notifyQueue) {
        fanoutQueue.grantConsumeMessages(alias(FunctionSpec.FANOUT));
        // No batching window: a record is handed to fan-out as soon as it lands, so no message waits for others.
        alias(FunctionSpec.FANOUT).addEventSource(new SqsEventSource(fanoutQueue, SqsEventSourceProps.builder()
                .batchSize(10).reportBatchItemFailures(true).build()));
        alias(FunctionSpec.NOTIFY).addEventSource(new SqsEventSource(notifyQueue, SqsEventSourceProps.builder()
                .batchSize(25).maxBatchingWindow(NOTIFY_BATCHING_WINDOW).reportBatchItemFailures(true).build()));
        // Notify puts the summary of a coalescing window on its own queue, delayed to the window's end. The queue is
        // SQS-managed encrypted, so sending needs no key grant, and nothing else: not the URL or attribute reads of
        // grantSendMessages.
        alias(FunctionSpec.NOTIFY).addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("sqs:SendMessage")).resources(List.of(notifyQueue.getQueueArn())).build());
    }

    private void schedules() {
        Rule.Builder.create(this, "PublishRecoverySchedule")
                .description("Publishes stored messages whose event was never published; several passes a minute")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(new LambdaFunction(alias(FunctionSpec.PUBLISH_RECOVERY)))).build();
        Rule.Builder.create(this, "SweepSchedule").description("Reconciles connections whose $disconnect never came")
                .schedule(Schedule.rate(Duration.minutes(5))).targets(List.of(new LambdaFunction(alias(FunctionSpec.SWEEP)))).build();
    }

    /** Each upload is checked as it lands. */
    private void uploadChecks(StatefulStack state) {
        Bucket.fromBucketName(this, "AttachmentsBucketRef", state.attachments().getBucketName())
                .addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(alias(FunctionSpec.UPLOAD_CHECK)),
                        NotificationKeyFilter.builder().prefix("uploads/").build());
    }

    private void functionAlarms() {
        for (var spec : FunctionSpec.values()) {
            alarm(spec.id() + "Errors", functions.get(spec).metricErrors(MetricOptions.builder().period(Duration.minutes(5))
                    .statistic("Sum").build()), "errors in the " + spec.id() + " function");
        }
    }

    private void outputs(WebSocketStage stage) {
        CfnOutput.Builder.create(this, "WebSocketUrl").value(stage.getUrl()).description("Clients connect here with ?token=JWT").build();
        CfnOutput.Builder.create(this, "ConnectionsUrl").value(stage.getCallbackUrl()).description("The @connections endpoint").build();
        CfnOutput.Builder.create(this, "AlarmsTopicArn").value(alarms.getTopicArn()).description("Subscribe to get alarms").build();
    }

    /** A route per action of core's {@code Action.Type}, to the function its {@code ServedBy…} interface names. */
    private static Map<String, FunctionSpec> routes() {
        var routes = new java.util.LinkedHashMap<String, FunctionSpec>();
        for (var action : dev.parley.core.protocol.Action.Type.values()) {
            routes.put(action.wireName(), switch (action.servedBy()) {
                case CHANNELS -> FunctionSpec.CHANNELS;
                case SEND_MESSAGE -> FunctionSpec.SEND_MESSAGE;
                case PRESENCE -> FunctionSpec.PRESENCE;
                case ATTACHMENTS -> FunctionSpec.ATTACHMENTS;
                case DEVICES -> FunctionSpec.DEVICES;
            });
        }
        return java.util.Collections.unmodifiableMap(routes);
    }

    private void function(FunctionSpec spec, Map<String, String> environment, Path functionJars) {
        var jar = functionJars.resolve(spec.module()).resolve("target").resolve("function.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": build the functions first (./parley build)");
        }
        var variables = new HashMap<String, String>();
        spec.environment().forEach(name -> variables.put(name, environment.get(name)));
        variables.put("LOG_LEVEL", "INFO");
        var logs = LogGroup.Builder.create(this, spec.id() + "Logs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        var function = Function.Builder.create(this, spec.id())
                .description("Parley " + spec.id())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(spec.handler())
                .code(Code.fromAsset(jar.toString()))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(variables)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        software.amazon.awscdk.Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every invocation goes through the live alias, which publishes a version");
        functions.put(spec, function);
        aliases.put(spec, software.amazon.awscdk.services.lambda.Alias.Builder.create(this, spec.id() + "Live")
                .aliasName(ALIAS).version(function.getCurrentVersion()).build());
    }

    private software.amazon.awscdk.services.lambda.Alias alias(FunctionSpec spec) {
        return aliases.get(spec);
    }

    private void grant(StatefulStack state, Topic events, Topic notifications, Queue fanoutQueue, WebSocketStage stage,
                       Settings settings) {
        var connect = alias(FunctionSpec.CONNECT);
        var disconnect = alias(FunctionSpec.DISCONNECT);
        for (var function : List.<IFunction>of(connect, disconnect)) {
            state.connections().grantReadWriteData(function);
            state.presence().grantReadWriteData(function);
            state.members().grantReadData(function);
            state.channelConnections().grantReadWriteData(function);
            events.grantPublish(function);
        }
        var send = alias(FunctionSpec.SEND_MESSAGE);
        state.channels().grantReadWriteData(send);
        state.members().grantReadData(send);
        state.messages().grantReadWriteData(send);
        state.dedup().grantReadWriteData(send);
        state.throttles().grantReadWriteData(send);
        events.grantPublish(send);
        // Sending copies the sender's upload to the message's own key; deleting a message deletes that copy.
        bucketObjects(state, send, "uploads/*", "s3:GetObject");
        bucketObjects(state, send, "attachments/*", "s3:PutObject", "s3:DeleteObject");

        var channels = alias(FunctionSpec.CHANNELS);
        state.channels().grantReadWriteData(channels);
        state.members().grantReadWriteData(channels);
        // History fills a lost seq with a skipped entry, so it writes to Messages too.
        state.messages().grantReadWriteData(channels);
        // A create is remembered under its requestId, so that a retry finds its channel.
        state.dedup().grantReadWriteData(channels);
        state.presence().grantReadData(channels);
        state.channelConnections().grantReadWriteData(channels);
        state.throttles().grantReadWriteData(channels);
        events.grantPublish(channels);

        var presence = alias(FunctionSpec.PRESENCE);
        state.members().grantReadData(presence);
        state.presence().grantReadData(presence);
        state.presenceWatch().grantReadWriteData(presence);
        state.throttles().grantReadWriteData(presence);
        events.grantPublish(presence);

        var recovery = alias(FunctionSpec.PUBLISH_RECOVERY);
        state.channels().grantReadData(recovery);
        state.messages().grantReadData(recovery);
        state.dedup().grantReadWriteData(recovery);
        events.grantPublish(recovery);

        var sweep = alias(FunctionSpec.SWEEP);
        state.connections().grantReadWriteData(sweep);
        state.presence().grantReadWriteData(sweep);
        state.members().grantReadData(sweep);
        state.channelConnections().grantReadWriteData(sweep);
        events.grantPublish(sweep);
        stage.grantManagementApiAccess(sweep);

        var attachments = alias(FunctionSpec.ATTACHMENTS);
        state.members().grantReadData(attachments);
        state.throttles().grantReadWriteData(attachments);
        bucketObjects(state, attachments, "attachments/*", "s3:GetObject");
        bucketObjects(state, attachments, "uploads/*", "s3:PutObject");

        var uploadCheck = alias(FunctionSpec.UPLOAD_CHECK);
        bucketObjects(state, uploadCheck, "uploads/*", "s3:GetObject", "s3:DeleteObject");

        var fanout = alias(FunctionSpec.FANOUT);
        state.connections().grantReadWriteData(fanout);
        state.presence().grantReadWriteData(fanout);
        state.members().grantReadData(fanout);
        state.channelConnections().grantReadWriteData(fanout);
        state.presenceWatch().grantReadWriteData(fanout);
        // Fan-out clears a delivered send's pending mark in its dedup record.
        state.dedup().grant(fanout, "dynamodb:UpdateItem");
        events.grantPublish(fanout);
        fanoutQueue.grantSendMessages(fanout);
        stage.grantManagementApiAccess(fanout);

        var notify = alias(FunctionSpec.NOTIFY);
        state.channels().grantReadData(notify);
        state.members().grantReadData(notify);
        state.presence().grantReadData(notify);
        state.devices().grantReadWriteData(notify);
        state.throttles().grantReadWriteData(notify);
        notifications.grantPublish(notify);

        var devices = alias(FunctionSpec.DEVICES);
        state.devices().grantReadWriteData(devices);
        state.throttles().grantReadWriteData(devices);
        var applications = platformApplicationArns(settings.pushPlatformApplications());
        if (!applications.isEmpty()) {
            var endpoints = applications.stream().map(StatelessStack::endpointsOf).toList();
            devices.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("sns:CreatePlatformEndpoint")).resources(applications).build());
            // A token registered before has an endpoint already, which registration takes over.
            devices.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("sns:SetEndpointAttributes")).resources(endpoints).build());
            notify.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("sns:Publish")).resources(endpoints).build());
        }
    }

    /**
     * Object actions under the {@code keys} of the attachments bucket, and {@code s3:ListBucket} because without it S3 answers a HEAD of a
     * missing object 403 instead of 404, and a missing upload must read as missing.
     */
    private static void bucketObjects(StatefulStack state, IFunction function, String keys, String... actions) {
        function.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of(actions))
                .resources(List.of(state.attachments().arnForObjects(keys))).build());
        function.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("s3:ListBucket"))
                .resources(List.of(state.attachments().getBucketArn())).build());
    }

    /** The endpoints of a platform application: {@code ...:app/GCM/name} has them under {@code ...:endpoint/GCM/name/}. */
    static String endpointsOf(String applicationArn) {
        var at = applicationArn.indexOf(":app/");
        if (at < 0) {
            throw new IllegalArgumentException("not a platform application ARN: " + applicationArn);
        }
        return applicationArn.substring(0, at) + ":endpoint/" + applicationArn.substring(at + ":app/".length()) + "/*";
    }

    static List<String> platformApplicationArns(String pairs) {
        var arns = new ArrayList<String>();
        for (var pair : pairs.split(",")) {
            var at = pair.indexOf('=');
            if (at > 0) {
                arns.add(pair.substring(at + 1).trim());
            }
        }
        return arns;
    }

    private Queue queueWithDlq(String id, FunctionSpec consumer) {
        var deadLetters = dlq(id + "Dlq");
        return Queue.Builder.create(this, id + "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(visibilitySeconds(consumer)))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(QUEUE_RECEIVES_BEFORE_DLQ).build())
                .build();
    }

    private static long visibilitySeconds(FunctionSpec consumer) {
        return 6L * consumer.timeoutSeconds();
    }

    /**
     * How long a consumer's queue may hand the same record over again: every receive before the dead-letter queue
     * waits out the visibility timeout, and the first waits for the batching window too. Idempotency records of the
     * consumer are kept this long.
     */
    static long redeliverySeconds(FunctionSpec consumer, Duration batchingWindow) {
        return visibilitySeconds(consumer) * QUEUE_RECEIVES_BEFORE_DLQ + batchingWindow.toSeconds().longValue();
    }

    private Queue dlq(String id) {
        var queue = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        alarm(id + "Depth", queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(Duration.minutes(1))
                .statistic("Maximum").build()), "messages waiting in " + id);
        return queue;
    }

    /**
     * CloudWatch cannot use the AWS-managed SNS key, so an alarm topic encrypted with it never receives a
     * notification. The topic has its own key, which CloudWatch may use for this account's alarms only.
     */
    private Topic alarmsTopic() {
        var key = Key.Builder.create(this, "AlarmsKey").description("Encrypts the Parley alarms topic").enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY).pendingWindow(Duration.days(7)).build();
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudWatchAlarms").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());
        var topic = Topic.Builder.create(this, "Alarms").displayName("Parley alarms").enforceSsl(true).masterKey(key).build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudWatchAlarms").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", formatArn(ArnComponents.builder().service("cloudwatch").resource("alarm")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).resourceName("*").build()))))
                .build());
        return topic;
    }

    private void alarm(String id, software.amazon.awscdk.services.cloudwatch.Metric metric, String description) {
        var alarm = Alarm.Builder.create(this, id + "Alarm")
                .alarmDescription(description)
                .metric(metric)
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarms));
    }

    /**
     * API Gateway writes access logs through one role per account and region. Set here so that a fresh account
     * works; where the account already has one, this replaces it with an equivalent.
     */
    private void apiGatewayLoggingRole() {
        var role = Role.Builder.create(this, "ApiGatewayLogsRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        software.amazon.awscdk.services.apigateway.CfnAccount.Builder.create(this, "ApiGatewayAccount")
                .cloudWatchRoleArn(role.getRoleArn()).build();
    }

    public Function function(FunctionSpec spec) {
        return functions.get(spec);
    }
}
