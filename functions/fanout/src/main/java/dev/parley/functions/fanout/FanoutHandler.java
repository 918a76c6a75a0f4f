package dev.parley.functions.fanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.parley.core.config.Environment;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.handler.QueueBatches;
import dev.parley.core.json.Json;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.model.Event;
import dev.parley.core.observability.Metrics;
import dev.parley.core.priming.Priming;
import dev.parley.core.priming.Rehearsal;
import dev.parley.core.priming.RehearsalWorld;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.service.EventFrames;
import dev.parley.core.service.FanoutService;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Delivers events from the fan-out queue to connections; reports only the records that failed. */
public final class FanoutHandler implements RequestStreamHandler {

    private final FanoutService fanout;

    public FanoutHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public FanoutHandler(Environment environment) {
        this(wire(FanoutConfig.fromEnvironment(environment), Production.create("fanout", environment)));
        Priming.rehearse("fanout", () -> rehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function: a batch of one message's news, delivered to the connection of the
     * channel's member, on clients that answer in the JVM (see {@link Priming#rehearse}).
     */
    static Priming.Step rehearsal(Environment environment) {
        return Rehearsal.queue(() -> new FanoutHandler(wire(FanoutConfig.fromEnvironment(environment), Production.rehearsal(environment))),
                FanoutHandler::rehearsedEvent, Rehearsal.answeredWithoutFailures());
    }

    /** The news of the rehearsal world's message, as the fan-out queue delivers it. */
    private static String rehearsedEvent() {
        var message = RehearsalWorld.message(System.currentTimeMillis());
        return Json.write(new Event(UUID.randomUUID().toString(), Event.MESSAGE_POSTED, message.channelId(), message.senderId(),
                message.createdAt(), List.of(), EventFrames.message(message)).toJson());
    }

    FanoutHandler(FanoutService fanout) {
        this.fanout = Objects.requireNonNull(fanout, "fanout");
    }

    private static FanoutService wire(FanoutConfig config, Production production) {
        var channelConnections = production.channelConnections(config.channelConnectionsTable());
        var connections = new ConnectionService(production.connections(config.connectionsTable()),
                production.presence(config.presenceTable()), production.members(config.membersTable()), channelConnections,
                production.events(config.eventsTopicArn()), Clock.systemUTC());
        return new FanoutService(channelConnections, production.presence(config.presenceTable()),
                production.presenceWatches(config.presenceWatchTable()), production.notifier(config.connectionsEndpoint()),
                connections, production.shardQueue(config.fanoutQueueUrl()), production.pendingPublishes(config.dedupTable()),
                config.shardSize(), config.concurrency());
    }

    /** Lambda's entry: the event read and the answer written by {@link LambdaJson}, primed before the snapshot. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.queueEvent(input), context), output);
    }

    /** The invocation, on the event as read. */
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("fanout");
        try {
            return QueueBatches.processConcurrently(event, metrics, body -> {
                var delivered = fanout.deliver(body);
                metrics.count("Posted", delivered.connections()).count("Gone", delivered.gone()).count("Shards", delivered.shards())
                        .count("Retried", delivered.retried());
            });
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }
}
