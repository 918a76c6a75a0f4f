package dev.parley.functions.channels;

import dev.parley.core.fakes.TestContext;
import dev.parley.core.fuzz.FrameArbitraries;
import dev.parley.core.fuzz.FuzzBudget;
import dev.parley.core.fuzz.FuzzWorld;
import dev.parley.core.fuzz.Outcomes;
import dev.parley.core.fuzz.WebSocketCallers;
import dev.parley.core.protocol.Action;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(FuzzBudget.class)
class ChannelsHandlerFuzzTest {

    @Property(tries = 1000)
    void handleRequest_whenFramesAreValidMutatedOrNoFrames_answersAResponseOrAProtocolError(@ForAll("bodies") String body,
            @ForAll("callers") WebSocketCallers.Caller caller) {
        var world = FuzzWorld.create();
        var before = world.counts();
        var handler = new ChannelsHandler(world.channelService(), world.threadService(), world.channelAdministration());

        var response = handler.handleRequest(caller.event("createChannel", body), new TestContext("channels"));

        Outcomes.assertReply(body, response);
        world.assertConsistentWith(before);
    }

    @Provide
    Arbitrary<String> bodies() {
        return FrameArbitraries.bodies(Action.ServedBy.CHANNELS.wireNames());
    }

    @Provide
    Arbitrary<WebSocketCallers.Caller> callers() {
        return WebSocketCallers.callers();
    }
}
