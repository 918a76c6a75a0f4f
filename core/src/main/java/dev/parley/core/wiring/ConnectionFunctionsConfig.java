package dev.parley.core.wiring;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import dev.parley.core.service.ConnectionService;
import java.time.Clock;

/**
 * The configuration of the connect and disconnect functions, which record and forget connections against the same
 * tables and topic, and the {@link ConnectionService} both run on.
 */
public record ConnectionFunctionsConfig(String connectionsTable, String presenceTable, String membersTable,
                                        String channelConnectionsTable, String eventsTopicArn) {

    public static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";

    public static ConnectionFunctionsConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new ConnectionFunctionsConfig(env.require(TableNames.CONNECTIONS_TABLE), env.require(TableNames.PRESENCE_TABLE),
                env.require(TableNames.MEMBERS_TABLE), env.require(TableNames.CHANNEL_CONNECTIONS_TABLE), env.require(EVENTS_TOPIC_ARN));
    }

    /** The service on {@code production}'s adapters of these tables and this topic. */
    public ConnectionService service(Production production) {
        return new ConnectionService(production.connections(connectionsTable), production.presence(presenceTable),
                production.members(membersTable), production.channelConnections(channelConnectionsTable),
                production.events(eventsTopicArn), Clock.systemUTC());
    }
}
