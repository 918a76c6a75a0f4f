package dev.parley.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ActionTest {

    private static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The names in the first column of the table under "## Actions" in docs/protocol.md. */
    private static Set<String> documentedActions() throws IOException {
        var names = new ArrayList<String>();
        var inActions = false;
        for (var line : Files.readAllLines(PROTOCOL)) {
            if (line.startsWith("## ")) {
                inActions = line.startsWith("## Actions");
            } else if (inActions && line.startsWith("| `")) {
                var matcher = CODE.matcher(line.substring(1, line.indexOf('|', 1)));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return Set.copyOf(names);
    }

    /** Every record of the sealed hierarchy under {@code type}. */
    private static List<Class<?>> records(Class<?> type) {
        if (type.isRecord()) {
            return List.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(sub -> records(sub).stream()).distinct().toList();
    }

    @Test
    void types_whenComparedWithTheProtocolDocument_areExactlyItsActions() throws IOException {
        var wireNames = Arrays.stream(Action.Type.values()).map(Action.Type::wireName).collect(Collectors.toSet());

        assertThat(documentedActions()).hasSizeGreaterThanOrEqualTo(18).containsExactlyInAnyOrderElementsOf(wireNames);
    }

    @Test
    void types_whenComparedWithTheSealedRecords_nameEachRecordOnce() {
        List<Class<?>> typed = Arrays.stream(Action.Type.values()).<Class<?>>map(Action.Type::recordType).toList();

        assertThat(typed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(records(Action.class));
    }

    @Test
    void servedBy_whenGroupedByFunction_coversEveryActionOnceAndEachFunctionServesOne() {
        var served = new ArrayList<String>();
        for (var function : Action.ServedBy.values()) {
            assertThat(function.wireNames()).as(function.name()).isNotEmpty();
            assertThat(records(function.actions())).as(function.name()).allSatisfy(record ->
                    assertThat(Action.ServedBy.values()).filteredOn(other -> other.actions().isAssignableFrom(record)).hasSize(1));
            served.addAll(function.wireNames());
        }

        assertThat(served).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Action.Type.values()).map(Action.Type::wireName).toList());
    }

    @Test
    void parse_whenTheActionIsKnown_givesTheRecordOfItsTypeWithTheSameName() {
        var frame = Frames.parse("{\"action\":\"markRead\",\"channelId\":\"c-1\",\"seq\":0}");

        assertThat(frame.action()).isInstanceOf(Action.MarkRead.class);
        assertThat(frame.action().type()).isEqualTo(Action.Type.MARK_READ);
        assertThat(frame.action().name()).isEqualTo("markRead");
        assertThat(frame.action().type().servedBy()).isEqualTo(Action.ServedBy.CHANNELS);
    }
}
