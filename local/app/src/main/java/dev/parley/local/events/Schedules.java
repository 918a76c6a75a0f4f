package dev.parley.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.lambda.FunctionPool;
import dev.parley.local.lambda.InvocationException;
import dev.parley.local.template.TemplateException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** EventBridge schedule rules as timers that invoke their target with a {@code ScheduledEvent}. */
public final class Schedules implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
            .name("parley-schedules").factory());
    private final String region;
    private final String accountId;
    private final int speed;

    /** {@code speed}: how many times as often as its expression says each schedule fires (1: as EventBridge does). */
    public Schedules(String region, String accountId, int speed) {
        if (speed < 1) {
            throw new IllegalArgumentException("speed must be at least 1, was " + speed);
        }
        this.region = region;
        this.accountId = accountId;
        this.speed = speed;
    }

    public static Duration period(String expression) {
        var rate = RATE.matcher(expression.trim());
        if (!rate.matches()) {
            throw new TemplateException("Parley Local runs rate(...) schedules only, not " + expression);
        }
        var amount = Long.parseLong(rate.group(1));
        return switch (rate.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(amount);
            case "hour", "hours" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public void add(String ruleName, String expression, FunctionPool target) {
        var period = period(expression).dividedBy(speed);
        timers.scheduleAtFixedRate(() -> fire(ruleName, target), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fires a rule, as EventBridge does at each tick. */
    private void fire(String ruleName, FunctionPool target) {
        var event = MAPPER.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event").put("source", "aws.events").put("account", accountId)
                .put("time", Instant.now().toString()).put("region", region);
        event.putArray("resources").add("arn:aws:events:" + region + ":" + accountId + ":rule/" + ruleName);
        event.putObject("detail");
        Thread.ofVirtual().start(() -> {
            try {
                target.invoke(MAPPER.writeValueAsString(event));
            } catch (InvocationException | java.io.IOException e) {
                LOG.warn("schedule {} failed: {}", ruleName, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
