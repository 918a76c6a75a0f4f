package dev.parley.functions.presence;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.parley.core.config.Environment;
import dev.parley.core.logging.InvocationLog;
import dev.parley.core.observability.Metrics;
import dev.parley.core.service.ConnectionService;
import dev.parley.core.service.SweepService;
import dev.parley.core.wiring.Production;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduled sweep of connections whose {@code $disconnect} never came. */
public final class SweepHandler implements RequestHandler<ScheduledEvent, Void> {

    private static final int CONCURRENCY = 16;
    private static final Logger LOG = LoggerFactory.getLogger(SweepHandler.class);

    private final SweepService sweep;

    public SweepHandler() {
        this(Environment.system());
    }

    /** The function configured by {@code environment}, for a host that runs several functions in one JVM. */
    public SweepHandler(Environment environment) {
        this(wire(SweepConfig.fromEnvironment(environment), Production.create("sweep", environment)));
    }

    SweepHandler(SweepService sweep) {
        this.sweep = Objects.requireNonNull(sweep, "sweep");
    }

    private static SweepService wire(SweepConfig config, Production production) {
        var clock = Clock.systemUTC();
        var connections = production.connections(config.connectionsTable());
        var connectionService = new ConnectionService(connections, production.presence(config.presenceTable()),
                production.members(config.membersTable()), production.channelConnections(config.channelConnectionsTable()),
                production.events(config.eventsTopicArn()), clock);
        return new SweepService(connections, production.notifier(config.connectionsEndpoint()), connectionService, clock, CONCURRENCY);
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        InvocationLog.begin(context);
        var metrics = Metrics.forFunction("sweep");
        try {
            var swept = sweep.sweep();
            metrics.count("ConnectionsChecked", swept.checked()).count("ConnectionsRemoved", swept.removed())
                    .count("ConnectionsExpired", swept.closed());
            LOG.info("sweep checked {} connections, removed {} gone and closed {} with an expired token", swept.checked(), swept.removed(),
                    swept.closed());
            return null;
        } finally {
            metrics.flush();
            InvocationLog.end();
        }
    }
}
