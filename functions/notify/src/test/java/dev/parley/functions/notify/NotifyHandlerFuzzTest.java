package dev.parley.functions.notify;

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
class NotifyHandlerFuzzTest {

    @Property(tries = 500)
    void handleRequest_whenARecordIsMalformed_reportsAtMostThatRecordAndNotifiesTheOthers(@ForAll("records") String record) {
        var world = FuzzWorld.create();
        var handler = new NotifyHandler(world.notifyService());

        var response = handler.handleRequest(LambdaEvents.sqs(record, EventArbitraries.goodMessagePosted()), new TestContext("notify"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .isSubsetOf("m0");
        assertThat(world.chat.notifications).isNotEmpty();
    }

    @Provide
    Arbitrary<String> records() {
        return EventArbitraries.records();
    }
}
