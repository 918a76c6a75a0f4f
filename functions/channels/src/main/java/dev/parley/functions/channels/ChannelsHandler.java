package dev.parley.functions.channels;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.Caller;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.handler.Replies;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.json.Json;
import dev.parley.core.priming.Priming;
import dev.parley.core.priming.Rehearsal;
import dev.parley.core.protocol.Action;
import dev.parley.core.service.ChannelAdministration;
import dev.parley.core.service.ChannelService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.service.ThreadService;
import dev.parley.core.store.ChannelConnectionStore;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.CreateRequestStore;
import dev.parley.core.store.EventPublisher;
import dev.parley.core.store.HistoryStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.ThreadStore;
import dev.parley.core.store.ThrottleStore;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * Channel actions: create, join, add members, leave, list, members, history, threads, read positions, notification
 * preferences and administration.
 */
public final class ChannelsHandler implements RequestStreamHandler {

    private final ChannelService channels;
    private final ThreadService threads;
    private final ChannelAdministration administration;
    private final WebSocketActions<Action.ServedByChannels> actions;

    public ChannelsHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public ChannelsHandler(Environment environment) {
        this(ChannelsConfig.fromEnvironment(environment), Production.create("channels", environment), Clock.systemUTC());
        Priming.rehearse("channels", () -> rehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function's main route: its invocation on a sample event, wired to clients that
     * answer in the JVM (see {@link Priming#rehearse}).
     */
    static Priming.Step rehearsal(Environment environment) {
        return Rehearsal.action(() -> new ChannelsHandler(ChannelsConfig.fromEnvironment(environment),
                        Production.rehearsal(environment), Clock.systemUTC()),
                Json.object().put("action", "listChannels").put("requestId", "rehearsal"), Rehearsal.answeredWith("channels"));
    }

    private ChannelsHandler(ChannelsConfig config, Production production, Clock clock) {
        this(new Stores(config, production), clock);
    }

    private ChannelsHandler(Stores stores, Clock clock) {
        this(new ChannelService(stores.channels(), stores.createRequests(), stores.members(), stores.history(), stores.presence(),
                        stores.channelConnections(), stores.events(), stores.rateLimiter(clock), clock),
                new ThreadService(stores.members(), stores.history(), stores.threads()),
                new ChannelAdministration(stores.channels(), stores.members(), stores.presence(), stores.channelConnections(),
                        stores.events(), stores.rateLimiter(clock), clock));
    }

    ChannelsHandler(ChannelService channels, ThreadService threads, ChannelAdministration administration) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.administration = Objects.requireNonNull(administration, "administration");
        this.actions = new WebSocketActions<>("channels", Action.ServedByChannels.class, this::dispatch);
    }

    /** The adapters the three services share, each made once (and primed once). */
    private record Stores(ChannelStore channels, CreateRequestStore createRequests, MemberStore members, HistoryStore history,
                          PresenceStore presence, ChannelConnectionStore channelConnections, EventPublisher events,
                          ThrottleStore throttles, ThreadStore threads, ChannelsConfig config) {

        Stores(ChannelsConfig config, Production production) {
            this(production.channels(config.channelsTable(), config.membersTable()), production.createRequests(config.dedupTable()),
                    production.members(config.membersTable()), production.history(config.channelsTable(), config.messagesTable()),
                    production.presence(config.presenceTable()), production.channelConnections(config.channelConnectionsTable()),
                    production.events(config.eventsTopicArn()), production.throttles(config.throttlesTable()),
                    production.threads(config.messagesTable()), config);
        }

        RateLimiter rateLimiter(Clock clock) {
            return new RateLimiter(throttles, clock, config.rateLimits());
        }
    }

    /** Lambda's entry: the event read and the answer written by {@link LambdaJson}, primed before the snapshot. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.webSocketEvent(input), context), output);
    }

    /** The invocation, on the event as read. */
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return actions.handle(event, context);
    }

    private String dispatch(Caller caller, String requestId, Action.ServedByChannels action) {
        var userId = caller.userId();
        return switch (action) {
            case Action.CreateChannel create -> Replies.channel(requestId,
                    channels.view(userId, channels.create(userId, requestId, create)));
            case Action.JoinChannel join -> Replies.channel(requestId, channels.view(userId, channels.join(userId, join.channelId())));
            case Action.AddMembers add -> Replies.channel(requestId,
                    channels.view(userId, channels.addMembers(userId, add.channelId(), add.userIds())));
            case Action.LeaveChannel leave -> Replies.left(requestId, channels.leave(userId, leave.channelId()));
            case Action.ListChannels list -> Replies.channels(requestId, channels.list(userId, list.cursor()));
            case Action.ListMembers list -> Replies.members(requestId, channels.members(userId, list.channelId(), list.cursor()));
            case Action.GetHistory history -> Replies.history(requestId, channels.history(userId, history));
            case Action.MarkRead read -> Replies.ack(requestId, channels.markRead(userId, read.channelId(), read.seq()));
            case Action.SetNotifications set -> Replies.notificationsAck(requestId, channels.setNotifications(userId, set));
            case Action.GetThread thread -> Replies.thread(requestId, threads.thread(userId, thread));
            case Action.RenameChannel rename -> Replies.channel(requestId, administration.rename(userId, rename));
            case Action.SetTopic topic -> Replies.channel(requestId, administration.setTopic(userId, topic));
            case Action.RemoveMember remove -> Replies.removed(requestId, administration.removeMember(userId, remove));
            case Action.SetRole role -> Replies.role(requestId, administration.setRole(userId, role));
            case Action.ArchiveChannel archive -> Replies.channel(requestId, administration.archive(userId, archive.channelId()));
            case Action.UnarchiveChannel unarchive -> Replies.channel(requestId,
                    administration.unarchive(userId, unarchive.channelId()));
        };
    }
}
