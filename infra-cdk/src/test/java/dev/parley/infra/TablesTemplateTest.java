package dev.parley.infra;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The integration tests of core and the functions create their tables from {@value #CHECKED_IN}: the tables of the
 * synthesized stateful stack, each with the environment variable the stateless stack passes its name in. The build
 * writes it from {@link StatefulStack} and fails while the checked-in copy differs, so a table changes in the stack only.
 */
class TablesTemplateTest {

    static final String CHECKED_IN = "core/src/test/resources/parley-tables.template.json";
    static final String ENVIRONMENT_VARIABLE = "parley:environmentVariable";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static JsonNode stateful;
    private static JsonNode stateless;

    @BeforeAll
    static void synthesize() {
        var synthesized = Synthesized.with(Map.of());
        stateful = MAPPER.valueToTree(synthesized.statefulTemplate.toJSON());
        stateless = MAPPER.valueToTree(synthesized.statelessTemplate.toJSON());
    }

    @Test
    void checkedInTables_whenBuilt_areTheSynthesizedStatefulTables() throws IOException {
        var expected = MAPPER.writeValueAsString(tablesTemplate()) + "\n";
        var file = ParleyApp.repositoryRoot(Path.of("").toAbsolutePath()).resolve(CHECKED_IN);
        var checkedIn = Files.isRegularFile(file) ? Files.readString(file) : "";
        if (!checkedIn.equals(expected)) {
            Files.writeString(file, expected);
            fail(CHECKED_IN + " was not the tables of StatefulStack; it has been written again from the stack: build again and commit it");
        }
    }

    /** The stateful stack's tables, keys and indexes as synthesized, each with the variable that carries its name. */
    private static ObjectNode tablesTemplate() {
        var variables = tableVariables();
        var template = MAPPER.createObjectNode();
        template.put("Description", "The tables of " + ParleyApp.STATEFUL + ", written by TablesTemplateTest from StatefulStack: "
                + "do not edit");
        var resources = template.putObject("Resources");
        stateful.path("Resources").properties().forEach(entry -> {
            if (!entry.getValue().path("Type").asText().equals("AWS::DynamoDB::Table")) {
                return;
            }
            var variable = variables.get(entry.getKey());
            if (variable == null) {
                throw new IllegalStateException("no function of " + ParleyApp.STATELESS + " is given the name of " + entry.getKey());
            }
            var table = resources.putObject(entry.getKey());
            table.put("Type", "AWS::DynamoDB::Table");
            table.putObject("Metadata").put(ENVIRONMENT_VARIABLE, variable);
            table.set("Properties", entry.getValue().path("Properties"));
        });
        return template;
    }

    /**
     * Table logical id to the environment variable the functions read its name from: a variable whose value is a stateful
     * output holding the table's {@code Ref}.
     */
    private static Map<String, String> tableVariables() {
        var variables = new TreeMap<String, String>();
        stateless.path("Resources").forEach(resource -> resource.path("Properties").path("Environment").path("Variables").properties()
                .forEach(variable -> {
                    var output = variable.getValue().path("Fn::GetStackOutput");
                    if (!output.path("StackName").asText().equals(ParleyApp.STATEFUL)) {
                        return;
                    }
                    var logicalId = stateful.path("Outputs").path(output.path("OutputName").asText()).path("Value").path("Ref").asText();
                    if (logicalId.isEmpty()) {
                        return;
                    }
                    var previous = variables.put(logicalId, variable.getKey());
                    if (previous != null && !previous.equals(variable.getKey())) {
                        throw new IllegalStateException(logicalId + " is passed as both " + previous + " and " + variable.getKey());
                    }
                }));
        return variables;
    }
}
