package dev.parley.infra;

import java.util.Set;

/**
 * One Lambda function of docs/architecture.md: its id, the module whose jar it runs, the handler, its size, and the
 * environment variables it reads (the values come from one place, {@link StatelessStack}).
 */
public enum FunctionSpec {
    AUTHORIZER("Authorizer", "authorizer", "dev.parley.functions.authorizer.AuthorizerHandler", 1024, 6,
            Set.of("JWT_ISSUER", "JWT_AUDIENCE", "JWKS_URL")),
    CONNECT("Connect", "connect", "dev.parley.functions.connect.ConnectHandler", 1024, 10,
            Set.of("CONNECTIONS_TABLE", "PRESENCE_TABLE", "MEMBERS_TABLE", "CHANNEL_CONNECTIONS_TABLE", "EVENTS_TOPIC_ARN")),
    DISCONNECT("Disconnect", "disconnect", "dev.parley.functions.disconnect.DisconnectHandler", 512, 10,
            Set.of("CONNECTIONS_TABLE", "PRESENCE_TABLE", "MEMBERS_TABLE", "CHANNEL_CONNECTIONS_TABLE", "EVENTS_TOPIC_ARN")),
    SEND_MESSAGE("SendMessage", "send-message", "dev.parley.functions.sendmessage.SendMessageHandler", 1536, 10,
            Set.of("CHANNELS_TABLE", "MEMBERS_TABLE", "MESSAGES_TABLE", "DEDUP_TABLE", "THROTTLES_TABLE", "EVENTS_TOPIC_ARN",
                    "ATTACHMENTS_BUCKET", "MESSAGE_RETENTION_DAYS")),
    CHANNELS("Channels", "channels", "dev.parley.functions.channels.ChannelsHandler", 1024, 10,
            Set.of("CHANNELS_TABLE", "MEMBERS_TABLE", "MESSAGES_TABLE", "DEDUP_TABLE", "PRESENCE_TABLE", "CHANNEL_CONNECTIONS_TABLE",
                    "THROTTLES_TABLE", "EVENTS_TOPIC_ARN")),
    PRESENCE("Presence", "presence", "dev.parley.functions.presence.PresenceHandler", 1024, 10,
            Set.of("MEMBERS_TABLE", "PRESENCE_TABLE", "PRESENCE_WATCH_TABLE", "THROTTLES_TABLE", "EVENTS_TOPIC_ARN")),
    PUBLISH_RECOVERY("PublishRecovery", "send-message", "dev.parley.functions.sendmessage.PublishRecoveryHandler", 256, 60,
            Set.of("CHANNELS_TABLE", "MESSAGES_TABLE", "DEDUP_TABLE", "EVENTS_TOPIC_ARN")),
    SWEEP("Sweep", "presence", "dev.parley.functions.presence.SweepHandler", 1024, 120,
            Set.of("CONNECTIONS_TABLE", "PRESENCE_TABLE", "MEMBERS_TABLE", "CHANNEL_CONNECTIONS_TABLE", "EVENTS_TOPIC_ARN",
                    "CONNECTIONS_ENDPOINT")),
    ATTACHMENTS("Attachments", "attachments", "dev.parley.functions.attachments.AttachmentsHandler", 1024, 10,
            Set.of("MEMBERS_TABLE", "THROTTLES_TABLE", "ATTACHMENTS_BUCKET")),
    UPLOAD_CHECK("UploadCheck", "attachments", "dev.parley.functions.attachments.UploadCheckHandler", 512, 30,
            Set.of("ATTACHMENTS_BUCKET")),
    FANOUT("Fanout", "fanout", "dev.parley.functions.fanout.FanoutHandler", 1536, 60,
            Set.of("CONNECTIONS_TABLE", "PRESENCE_TABLE", "MEMBERS_TABLE", "CHANNEL_CONNECTIONS_TABLE", "PRESENCE_WATCH_TABLE",
                    "DEDUP_TABLE", "EVENTS_TOPIC_ARN", "FANOUT_QUEUE_URL", "CONNECTIONS_ENDPOINT")),
    NOTIFY("Notify", "notify", "dev.parley.functions.notify.NotifyHandler", 1024, 60,
            Set.of("CHANNELS_TABLE", "MEMBERS_TABLE", "PRESENCE_TABLE", "DEVICES_TABLE", "THROTTLES_TABLE", "NOTIFICATIONS_TOPIC_ARN",
                    "NOTIFY_REDELIVERY_SECONDS", "NOTIFY_QUEUE_URL")),
    DEVICES("Devices", "notify", "dev.parley.functions.notify.RegisterDeviceHandler", 512, 10,
            Set.of("DEVICES_TABLE", "THROTTLES_TABLE", "PUSH_PLATFORM_APPLICATIONS"));

    private final String id;
    private final String module;
    private final String handlerClass;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final Set<String> environment;

    FunctionSpec(String id, String module, String handlerClass, int memoryMb, int timeoutSeconds, Set<String> environment) {
        this.id = id;
        this.module = module;
        this.handlerClass = handlerClass;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.environment = environment;
    }

    public String id() {
        return id;
    }

    public String module() {
        return module;
    }

    public String handler() {
        // The class alone: Lambda calls the interface it implements (RequestStreamHandler or RequestHandler), where a
        // method name would have it choose between the stream entry and the typed overload of the same name.
        return handlerClass;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public Set<String> environment() {
        return environment;
    }
}
