package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

class CdkNagTest {

    @Test
    void awsSolutions_whenAppliedToBothStacks_reportsNoUnsuppressedError() {
        var synthesized = Synthesized.with(Map.of(), true);

        var errors = new java.util.ArrayList<String>();
        for (var stack : java.util.List.of(synthesized.stateful, synthesized.stateless)) {
            Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    .forEach(message -> errors.add(message.getId() + ": " + message.getEntry().getData()));
        }

        assertThat(errors).isEmpty();
    }
}
