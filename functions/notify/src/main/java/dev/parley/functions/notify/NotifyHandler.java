package dev.parley.functions.notify;

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
import dev.parley.core.service.EventFrames;
import dev.parley.core.service.NotifyService;
import dev.parley.core.wiring.Production;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Push notifications for posted messages and the summaries of coalescing windows, from the notify queue; reports only the
 * records that failed.
 */
public final class NotifyHandler implements RequestStreamHandler {

    private final NotifyService notify;

    public NotifyHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public NotifyHandler(Environment environment) {
        this(wire(NotifyConfig.fromEnvironment(environment), Production.create("notify", environment), Clock.systemUTC()));
        Priming.rehearse("notify", () -> rehearsal(environment));
        Priming.rehearse("notify coalesced", () -> coalescedRehearsal(environment));
    }

    /**
     * The SnapStart rehearsal of this function's main route: its invocation on a sample event, wired to clients that
     * answer in the JVM (see {@link Priming#rehearse}), for a member offline whose push window is free: the push.
     */
    static Priming.Step rehearsal(Environment environment) {
        return rehearsal(environment, RehearsalWorld.of(environment, Instant.now()).withMemberOffline());
    }

    /**
     * The rehearsal of the main route's other common path: a member offline whose push window an earlier message holds,
     * so the message is counted for the window's summary and the summary put on the queue.
     */
    static Priming.Step coalescedRehearsal(Environment environment) {
        var now = Instant.now();
        return rehearsal(environment, RehearsalWorld.of(environment, now).withMemberOffline()
                .withClaimsHeld(NotifyService.COALESCING_CLAIM_PREFIX, now.plus(NotifyService.COALESCING_WINDOW)));
    }

    private static Priming.Step rehearsal(Environment environment, RehearsalWorld world) {
        return Rehearsal.queue(() -> new NotifyHandler(wire(NotifyConfig.fromEnvironment(environment),
                        Production.rehearsal(environment, world), Clock.systemUTC())),
                NotifyHandler::rehearsedEvent, Rehearsal.answeredWithoutFailures());
    }

    /** The news of the rehearsal world's message, as the events topic delivers it. */
    private static String rehearsedEvent() {
        var message = RehearsalWorld.message(System.currentTimeMillis());
        return Json.write(new Event(UUID.randomUUID().toString(), Event.MESSAGE_POSTED, message.channelId(), message.senderId(),
                message.createdAt(), List.of(), EventFrames.message(message)).toJson());
    }

    NotifyHandler(NotifyService notify) {
        this.notify = Objects.requireNonNull(notify, "notify");
    }

    static NotifyService wire(NotifyConfig config, Production production, Clock clock) {
        return new NotifyService(production.channels(config.channelsTable(), config.membersTable()),
                production.members(config.membersTable()), production.presence(config.presenceTable()),
                production.devices(config.devicesTable()), production.throttles(config.throttlesTable()),
                production.push(config.notificationsTopicArn()), production.delayedQueue(config.notifyQueueUrl()), clock,
                config.redeliveryWindow());
    }

    /** Lambda's entry: the event read and the answer written by {@link LambdaJson}, primed before the snapshot. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.queueEvent(input), context), output);
    }

    /** The invocation, on the event as read. */
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("notify");
        try {
            var batch = notify.batch();
            return QueueBatches.process(event, metrics, body -> {
                var notified = batch.notify(body);
                metrics.count("Pushed", notified.pushed()).count("Coalesced", notified.coalesced())
                        .count("EndpointPushes", notified.endpoints()).count("Summaries", notified.summaries());
            });
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }
}
