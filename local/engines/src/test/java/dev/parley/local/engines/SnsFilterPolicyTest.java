package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnsFilterPolicyTest {

    private static boolean matches(String policy, Map<String, String[]> attributes) {
        return SnsEngine.matches(Map.of("FilterPolicy", policy), attributes, "{}");
    }

    private static Map<String, String[]> attributes(String name, String value) {
        return Map.of(name, new String[] {"String", value});
    }

    @Test
    void matches_whenValuesAreListed_acceptsAnyOfThemAndNothingElse() {
        assertThat(matches("{\"type\":[\"a\",\"b\"]}", attributes("type", "b"))).isTrue();
        assertThat(matches("{\"type\":[\"a\",\"b\"]}", attributes("type", "c"))).isFalse();
        assertThat(matches("{\"type\":[\"a\"]}", Map.of())).isFalse();
    }

    @Test
    void matches_whenOperatorsAreUsed_followsTheirMeaning() {
        assertThat(matches("{\"type\":[{\"prefix\":\"message.\"}]}", attributes("type", "message.posted"))).isTrue();
        assertThat(matches("{\"type\":[{\"anything-but\":[\"typing\"]}]}", attributes("type", "typing"))).isFalse();
        assertThat(matches("{\"type\":[{\"exists\":false}]}", Map.of())).isTrue();
        assertThat(matches("{\"size\":[{\"numeric\":[\">\",10,\"<=\",20]}]}", attributes("size", "15"))).isTrue();
        assertThat(matches("{\"size\":[{\"numeric\":[\">\",10]}]}", attributes("size", "5"))).isFalse();
    }

    @Test
    void matches_whenSeveralKeysAreGiven_requiresAll() {
        var both = Map.of("type", new String[] {"String", "a"}, "channel", new String[] {"String", "c-1"});
        assertThat(matches("{\"type\":[\"a\"],\"channel\":[\"c-1\"]}", both)).isTrue();
        assertThat(matches("{\"type\":[\"a\"],\"channel\":[\"c-2\"]}", both)).isFalse();
    }

    @Test
    void matches_whenTheScopeIsTheBody_readsTheMessage() {
        assertThat(SnsEngine.matches(Map.of("FilterPolicy", "{\"kind\":[\"x\"]}", "FilterPolicyScope", "MessageBody"), Map.of(),
                "{\"kind\":\"x\"}")).isTrue();
    }
}
