package dev.parley.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.config.TableNames;
import dev.parley.local.engines.TemplateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Creates the tables of the synthesized stateful stack on the engines' DynamoDB, from {@value #TEMPLATE}: the build writes
 * that file from {@code StatefulStack} (infra-cdk's {@code TablesTemplateTest}), so keys, indexes and TTL are the
 * deployed ones. Every call uses a fresh name prefix, so test classes never see each other's items.
 */
public final class LocalTables {

    /** The stateful stack's tables, each with the environment variable its name is passed in. */
    public static final String TEMPLATE = "/parley-tables.template.json";
    private static final String ENVIRONMENT_VARIABLE = "parley:environmentVariable";
    private static final JsonNode TABLES = read();

    /** The names of one set of tables, by the environment variable a function reads each from ({@link TableNames}). */
    public record Names(Map<String, String> environment) {

        public Names {
            environment = Map.copyOf(environment);
        }

        /** The name of the table passed in {@code variable}. */
        public String of(String variable) {
            var name = environment.get(variable);
            if (name == null) {
                throw new IllegalArgumentException(TEMPLATE + " has no table passed in " + variable
                        + ": build infra-cdk, whose TablesTemplateTest writes it from StatefulStack");
            }
            return name;
        }

        public String connections() {
            return of(TableNames.CONNECTIONS_TABLE);
        }

        public String presence() {
            return of(TableNames.PRESENCE_TABLE);
        }

        public String channels() {
            return of(TableNames.CHANNELS_TABLE);
        }

        public String members() {
            return of(TableNames.MEMBERS_TABLE);
        }

        public String messages() {
            return of(TableNames.MESSAGES_TABLE);
        }

        public String dedup() {
            return of(TableNames.DEDUP_TABLE);
        }

        public String presenceWatch() {
            return of(TableNames.PRESENCE_WATCH_TABLE);
        }

        public String devices() {
            return of(TableNames.DEVICES_TABLE);
        }

        public String throttles() {
            return of(TableNames.THROTTLES_TABLE);
        }

        public String channelConnections() {
            return of(TableNames.CHANNEL_CONNECTIONS_TABLE);
        }
    }

    private LocalTables() {
    }

    /** The tables on the shared engines, named after the test class. */
    public static Names create(Class<?> owner) {
        return create(LocalAws.shared().dynamoDb(), owner.getSimpleName());
    }

    public static Names create(DynamoDbClient client, String label) {
        var safe = label.replaceAll("[^A-Za-z0-9_.-]", "").toLowerCase(Locale.ROOT);
        var prefix = (safe.isEmpty() ? "t" : safe) + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        var environment = new LinkedHashMap<String, String>();
        for (var table : TemplateTables.of(TABLES)) {
            var name = prefix + table.logicalId();
            TemplateTables.create(client, name, table.properties());
            environment.put(table.metadata().path(ENVIRONMENT_VARIABLE).asText(), name);
        }
        return new Names(environment);
    }

    private static JsonNode read() {
        try (var in = LocalTables.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE, e);
        }
    }
}
