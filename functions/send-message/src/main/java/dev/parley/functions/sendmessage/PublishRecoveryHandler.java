package dev.parley.functions.sendmessage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.parley.core.config.Environment;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.service.PublishRecoveryService;
import dev.parley.core.wiring.Production;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled recovery of sends whose event was never published. A schedule fires at most once a minute, so one
 * invocation makes several passes, {@link #PASS_INTERVAL} apart: a lost publish waits at most the grace and one
 * interval, well under a minute, instead of up to a minute and the grace.
 */
public final class PublishRecoveryHandler implements RequestHandler<ScheduledEvent, Void> {

    static final int PASSES = 3;
    static final Duration PASS_INTERVAL = Duration.ofSeconds(20);
    /** Time a pass is given before the function's timeout; a later pass is left to the next invocation. */
    private static final Duration PASS_BUDGET = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(PublishRecoveryHandler.class);

    /** Waits between passes. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PublishRecoveryService recovery;
    private final Pause pause;

    public PublishRecoveryHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public PublishRecoveryHandler(Environment environment) {
        this(wire(PublishRecoveryConfig.fromEnvironment(environment), Production.create("publish-recovery", environment)),
                duration -> Thread.sleep(duration));
    }

    PublishRecoveryHandler(PublishRecoveryService recovery, Pause pause) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    private static PublishRecoveryService wire(PublishRecoveryConfig config, Production production) {
        return new PublishRecoveryService(production.pendingPublishes(config.dedupTable()),
                production.messages(config.channelsTable(), config.messagesTable(), config.dedupTable()),
                production.events(config.eventsTopicArn()), Clock.systemUTC());
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("publish-recovery");
        try {
            for (int pass = 0; pass < PASSES; pass++) {
                if (pass > 0) {
                    if (context.getRemainingTimeInMillis() < PASS_INTERVAL.plus(PASS_BUDGET).toMillis()) {
                        break;
                    }
                    pause.sleep(PASS_INTERVAL);
                }
                var recovered = recovery.recover();
                metrics.count("PendingFound", recovered.found()).count("Republished", recovered.republished());
                if (recovered.republished() > 0) {
                    LOG.warn("published {} stored messages whose event had not been published", recovered.republished());
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between recovery passes", e);
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }
}
