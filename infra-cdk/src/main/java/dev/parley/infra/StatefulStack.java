package dev.parley.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** What must outlive a deployment: the ten tables, the attachments bucket and, when created, the user pool. */
public final class StatefulStack extends Stack {

    private final Table connections;
    private final Table presence;
    private final Table channels;
    private final Table members;
    private final Table messages;
    private final Table dedup;
    private final Table presenceWatch;
    private final Table channelConnections;
    private final Table devices;
    private final Table throttles;
    private final Bucket attachments;
    private final UserPool userPool;
    private final UserPoolClient userPoolClient;

    public StatefulStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        connections = table("Connections", "connectionId", null, "expiresAt");
        connections.addGlobalSecondaryIndex(keysOnly("byUser", "userId", "connectionId"));
        connections.addGlobalSecondaryIndex(keysOnly("bySweepBucket", "sweepBucket", "connectionId"));
        presence = table("Presence", "userId", null, null);
        channels = table("Channels", "channelId", null, null);
        members = table("Members", "channelId", string("userId"), null);
        members.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byUser")
                .partitionKey(string("userId")).sortKey(string("channelId")).projectionType(ProjectionType.ALL).build());
        messages = table("Messages", "channelId", Attribute.builder().name("seq").type(AttributeType.NUMBER).build(), "expiresAt");
        // Sparse: only a reply has a threadKey (its channel and root seq), so a thread is one partition ordered by seq.
        messages.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byThread")
                .partitionKey(string("threadKey")).sortKey(Attribute.builder().name("seq").type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.ALL).build());
        dedup = table("Dedup", "dedupKey", null, "expiresAt");
        // Sparse: only a send still pending publication has these keys.
        dedup.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("byPendingPublish")
                .partitionKey(string("pendingShard")).sortKey(Attribute.builder().name("pendingSince").type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.INCLUDE).nonKeyAttributes(List.of("seq")).build());
        presenceWatch = table("PresenceWatch", "watchedUserId", string("connectionId"), "expiresAt");
        channelConnections = table("ChannelConnections", "channelId", string("connectionId"), "expiresAt");
        devices = table("Devices", "userId", string("deviceId"), null);
        devices.addGlobalSecondaryIndex(keysOnly("byDevice", "deviceId", "userId"));
        throttles = table("Throttles", "throttleKey", null, "expiresAt");

        var accessLogs = Bucket.Builder.create(this, "AttachmentsAccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs").expiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        attachments = Bucket.Builder.create(this, "Attachments")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(false)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("attachments/")
                .cors(List.of(CorsRule.builder()
                        .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                        .allowedOrigins(List.of("*"))
                        .allowedHeaders(List.of("Content-Type", "Content-Length"))
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .lifecycleRules(attachmentLifecycle(settings.messageRetentionDays()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "AttachmentsBucketName").value(attachments.getBucketName())
                .description("The attachments bucket").build();

        if (settings.externalIdentity()) {
            userPool = null;
            userPoolClient = null;
        } else {
            userPool = UserPool.Builder.create(this, "Users")
                    .selfSignUpEnabled(false)
                    .signInAliases(SignInAliases.builder().username(true).email(true).build())
                    .passwordPolicy(PasswordPolicy.builder().minLength(12).requireDigits(true).requireLowercase(true)
                            .requireUppercase(true).requireSymbols(true).build())
                    .mfa(Mfa.OPTIONAL)
                    .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                    .accountRecovery(AccountRecovery.EMAIL_ONLY)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            userPoolClient = userPool.addClient("ChatClients", software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                    .authFlows(AuthFlow.builder().userSrp(true).build())
                    .generateSecret(false)
                    .idTokenValidity(Duration.hours(1))
                    .build());
            CfnOutput.Builder.create(this, "UserPoolId").value(userPool.getUserPoolId()).build();
            CfnOutput.Builder.create(this, "UserPoolClientId").value(userPoolClient.getUserPoolClientId()).build();
        }
    }

    /**
     * Uploads nobody attached go after a day. Attached objects live as long as the messages that carry them: a
     * message expires {@code retentionDays} after it is sent, and its objects are copied when it is sent.
     */
    static List<LifecycleRule> attachmentLifecycle(int retentionDays) {
        var rules = new ArrayList<LifecycleRule>();
        rules.add(LifecycleRule.builder().id("abort-abandoned-uploads").abortIncompleteMultipartUploadAfter(Duration.days(1)).build());
        rules.add(LifecycleRule.builder().id("expire-unattached-uploads").prefix("uploads/").expiration(Duration.days(1)).build());
        if (retentionDays > 0) {
            rules.add(LifecycleRule.builder().id("expire-attachments-with-messages").prefix("attachments/")
                    .expiration(Duration.days(retentionDays)).build());
        }
        return rules;
    }

    private Table table(String id, String partitionKey, Attribute sortKey, String ttlAttribute) {
        var builder = Table.Builder.create(this, id)
                .partitionKey(string(partitionKey))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.RETAIN);
        if (sortKey != null) {
            builder.sortKey(sortKey);
        }
        if (ttlAttribute != null) {
            builder.timeToLiveAttribute(ttlAttribute);
        }
        return builder.build();
    }

    private static GlobalSecondaryIndexProps keysOnly(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndexProps.builder().indexName(name).partitionKey(string(partitionKey)).sortKey(string(sortKey))
                .projectionType(ProjectionType.KEYS_ONLY).build();
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    public Table connections() {
        return connections;
    }

    public Table presence() {
        return presence;
    }

    public Table channels() {
        return channels;
    }

    public Table members() {
        return members;
    }

    public Table messages() {
        return messages;
    }

    public Table dedup() {
        return dedup;
    }

    public Table presenceWatch() {
        return presenceWatch;
    }

    /** The live connections of each channel's members: fan-out's audience. */
    public Table channelConnections() {
        return channelConnections;
    }

    public Table devices() {
        return devices;
    }

    public Table throttles() {
        return throttles;
    }

    public Bucket attachments() {
        return attachments;
    }

    /** The created user pool, or null when identity comes from context. */
    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient userPoolClient() {
        return userPoolClient;
    }
}
