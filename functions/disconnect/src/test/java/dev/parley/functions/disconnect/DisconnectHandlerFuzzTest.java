package dev.parley.functions.disconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.TestContext;
import dev.parley.core.fuzz.FuzzBudget;
import dev.parley.core.fuzz.FuzzWorld;
import dev.parley.core.fuzz.WebSocketCallers;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(FuzzBudget.class)
class DisconnectHandlerFuzzTest {

    @Property(tries = 500)
    void handleRequest_whenTheRequestContextIsAnything_answersOkAndForgetsTheConnection(@ForAll("callers") WebSocketCallers.Caller caller) {
        var world = FuzzWorld.create();
        var handler = new DisconnectHandler(world.connectionService());

        var response = handler.handleRequest(caller.event("$disconnect", null), new TestContext("disconnect"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        if (caller.hasContext() && caller.connectionId() != null) {
            assertThat(world.chat.connections).doesNotContainKey(caller.connectionId());
        }
    }

    @Provide
    Arbitrary<WebSocketCallers.Caller> callers() {
        return WebSocketCallers.callers();
    }
}
