package dev.parley.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fuzz.EventArbitraries;
import dev.parley.core.fuzz.FuzzBudget;
import dev.parley.core.fuzz.FuzzWorld;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(FuzzBudget.class)
class FanoutHandlerFuzzTest {

    @Property(tries = 1000)
    void handleRequest_whenARecordIsMalformed_reportsAtMostThatRecordAndDeliversTheOthers(@ForAll("records") String record) {
        var world = FuzzWorld.create();
        var handler = new FanoutHandler(world.fanoutService());
        var good = EventArbitraries.goodMessagePosted();

        var response = handler.handleRequest(LambdaEvents.sqs(good, record, good), new TestContext("fanout"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .isSubsetOf("m1");
        assertThat(world.chat.posted.get(FuzzWorld.CONNECTION_PREFIX + "alice")).filteredOn(frame -> frame.contains("\"m-5\""))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Provide
    Arbitrary<String> records() {
        return EventArbitraries.records();
    }
}
