package dev.parley.local.engines.internal.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterPolicyTest {

    private static final Map<String, MessageAttribute> POSTED = Map.of(
            "type", string("message.posted"),
            "channel", string("c-42"),
            "size", new MessageAttribute("Number", "150", null),
            "tags", new MessageAttribute("String.Array", "[\"urgent\",\"dm\"]", null));

    @Test
    void matches_whenExactStringListed_isTrue() {
        assertThat(attributes("{\"type\":[\"message.edited\",\"message.posted\"]}").matches(POSTED, "")).isTrue();
    }

    @Test
    void matches_whenExactStringNotListed_isFalse() {
        assertThat(attributes("{\"type\":[\"typing\"]}").matches(POSTED, "")).isFalse();
    }

    @Test
    void matches_whenEveryKeyMatches_isTrueAndFalseWhenOneDoesNot() {
        assertThat(attributes("{\"type\":[\"message.posted\"],\"channel\":[{\"prefix\":\"c-\"}]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"type\":[\"message.posted\"],\"channel\":[{\"prefix\":\"d-\"}]}").matches(POSTED, "")).isFalse();
    }

    @Test
    void matches_whenAttributeMissing_onlyExistsFalseMatches() {
        assertThat(attributes("{\"actor\":[\"alice\"]}").matches(POSTED, "")).isFalse();
        assertThat(attributes("{\"actor\":[{\"anything-but\":\"alice\"}]}").matches(POSTED, "")).isFalse();
        assertThat(attributes("{\"actor\":[{\"exists\":false}]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"type\":[{\"exists\":true}]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"type\":[{\"exists\":false}]}").matches(POSTED, "")).isFalse();
    }

    @Test
    void matches_whenNumericRange_comparesNumerically() {
        assertThat(attributes("{\"size\":[{\"numeric\":[\">\",100,\"<=\",150]}]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"size\":[{\"numeric\":[\"<\",100]}]}").matches(POSTED, "")).isFalse();
        assertThat(attributes("{\"size\":[150.0]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"size\":[\"150\"]}").matches(POSTED, "")).isFalse();
    }

    @Test
    void matches_whenAnythingBut_excludesValuesListsAndPrefixes() {
        assertThat(attributes("{\"type\":[{\"anything-but\":\"typing\"}]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"type\":[{\"anything-but\":[\"typing\",\"message.posted\"]}]}").matches(POSTED, "")).isFalse();
        assertThat(attributes("{\"type\":[{\"anything-but\":{\"prefix\":\"message.\"}}]}").matches(POSTED, "")).isFalse();
    }

    @Test
    void matches_whenStringArrayAttribute_matchesAnyElement() {
        assertThat(attributes("{\"tags\":[\"dm\"]}").matches(POSTED, "")).isTrue();
        assertThat(attributes("{\"tags\":[\"channel\"]}").matches(POSTED, "")).isFalse();
    }

    @Test
    void matches_whenOrOfPolicies_matchesEither() {
        FilterPolicy policy = attributes("{\"$or\":[{\"type\":[\"typing\"]},{\"channel\":[\"c-42\"]}]}");

        assertThat(policy.matches(POSTED, "")).isTrue();
        assertThat(policy.matches(Map.of("type", string("read")), "")).isFalse();
    }

    @Test
    void matches_whenMessageBodyScope_matchesNestedJson() {
        FilterPolicy policy = FilterPolicy.parse("{\"type\":[\"message.posted\"],\"frame\":{\"kind\":[{\"prefix\":\"text\"}]}}",
                FilterPolicy.Scope.MESSAGE_BODY);

        assertThat(policy.matches(Map.of(), "{\"type\":\"message.posted\",\"frame\":{\"kind\":\"text/plain\"}}")).isTrue();
        assertThat(policy.matches(Map.of(), "{\"type\":\"message.posted\",\"frame\":{\"kind\":\"image\"}}")).isFalse();
        assertThat(policy.matches(Map.of(), "not json")).isFalse();
    }

    @Test
    void parse_whenPolicyInvalid_throwsInvalidParameter() {
        assertThatThrownBy(() -> attributes("not json")).isInstanceOf(SnsException.class)
                .satisfies(e -> assertThat(((SnsException) e).code()).isEqualTo("InvalidParameter"));
        assertThatThrownBy(() -> attributes("{\"type\":\"message.posted\"}")).isInstanceOf(SnsException.class);
        assertThatThrownBy(() -> attributes("{\"type\":[{\"regex\":\".*\"}]}")).isInstanceOf(SnsException.class);
        assertThatThrownBy(() -> attributes("{\"frame\":{\"kind\":[\"x\"]}}")).isInstanceOf(SnsException.class);
    }

    private static FilterPolicy attributes(String json) {
        return FilterPolicy.parse(json, FilterPolicy.Scope.MESSAGE_ATTRIBUTES);
    }

    private static MessageAttribute string(String value) {
        return new MessageAttribute("String", value, null);
    }
}
