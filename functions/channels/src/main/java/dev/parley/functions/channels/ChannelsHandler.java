package dev.parley.functions.channels;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.Caller;
import dev.parley.core.handler.Replies;
import dev.parley.core.handler.WebSocketActions;
import dev.parley.core.protocol.Action;
import dev.parley.core.service.ChannelService;
import dev.parley.core.service.RateLimiter;
import dev.parley.core.service.ThreadService;
import dev.parley.core.wiring.Production;
import java.time.Clock;
import java.util.Objects;

/** Channel actions: create, join, add members, leave, list, members, history, threads, read positions and notification preferences. */
public final class ChannelsHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final ChannelService channels;
    private final ThreadService threads;
    private final WebSocketActions<Action.ServedByChannels> actions;

    public ChannelsHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public ChannelsHandler(Environment environment) {
        this(wire(ChannelsConfig.fromEnvironment(environment), Production.create("channels", environment)));
    }

    ChannelsHandler(ChannelService channels, ThreadService threads) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.actions = new WebSocketActions<>("channels", Action.ServedByChannels.class, this::dispatch);
    }

    private ChannelsHandler(Wired wired) {
        this(wired.channels(), wired.threads());
    }

    private record Wired(ChannelService channels, ThreadService threads) {
    }

    private static Wired wire(ChannelsConfig config, Production production) {
        var clock = Clock.systemUTC();
        var history = production.history(config.channelsTable(), config.messagesTable());
        var members = production.members(config.membersTable());
        var channels = new ChannelService(production.channels(config.channelsTable(), config.membersTable()),
                production.createRequests(config.dedupTable()), members, history,
                production.presence(config.presenceTable()), production.channelConnections(config.channelConnectionsTable()),
                production.events(config.eventsTopicArn()),
                new RateLimiter(production.throttles(config.throttlesTable()), clock, config.rateLimits()), clock);
        return new Wired(channels, new ThreadService(members, history, production.threads(config.messagesTable())));
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return actions.handle(event, context);
    }

    private String dispatch(Caller caller, String requestId, Action.ServedByChannels action) {
        var userId = caller.userId();
        return switch (action) {
            case Action.CreateChannel create -> Replies.channel(requestId, channels.create(userId, requestId, create));
            case Action.JoinChannel join -> Replies.channel(requestId, channels.join(userId, join.channelId()));
            case Action.AddMembers add -> Replies.channel(requestId, channels.addMembers(userId, add.channelId(), add.userIds()));
            case Action.LeaveChannel leave -> Replies.left(requestId, channels.leave(userId, leave.channelId()));
            case Action.ListChannels list -> Replies.channels(requestId, channels.list(userId, list.cursor()));
            case Action.ListMembers list -> Replies.members(requestId, channels.members(userId, list.channelId(), list.cursor()));
            case Action.GetHistory history -> Replies.history(requestId, channels.history(userId, history));
            case Action.MarkRead read -> Replies.ack(requestId, channels.markRead(userId, read.channelId(), read.seq()));
            case Action.SetNotifications set -> Replies.notificationsAck(requestId, channels.setNotifications(userId, set));
            case Action.GetThread thread -> Replies.thread(requestId, threads.thread(userId, thread));
        };
    }
}
