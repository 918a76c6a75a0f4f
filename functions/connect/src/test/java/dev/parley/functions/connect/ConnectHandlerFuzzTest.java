package dev.parley.functions.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.TestContext;
import dev.parley.core.fuzz.FuzzBudget;
import dev.parley.core.fuzz.FuzzWorld;
import dev.parley.core.fuzz.WebSocketCallers;
import dev.parley.core.handler.WebSocketActions;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(FuzzBudget.class)
class ConnectHandlerFuzzTest {

    @Property(tries = 500)
    void handleRequest_whenTheRequestContextIsAnything_acceptsExactlyTheAuthorizedCallers(
            @ForAll("callers") WebSocketCallers.Caller caller) {
        var world = FuzzWorld.create();
        var handler = new ConnectHandler(world.connectionService());
        var event = caller.event("$connect", null);
        var userId = WebSocketActions.userId(event);
        var authorized = userId != null && WebSocketActions.connectionId(event) != null;
        var before = Map.copyOf(world.chat.connections);

        var response = handler.handleRequest(event, new TestContext("connect"));

        assertThat(response.getStatusCode()).isEqualTo(authorized ? 200 : 403);
        if (authorized) {
            assertThat(world.chat.connections.get(caller.connectionId()).userId()).isEqualTo(userId);
        } else {
            assertThat(world.chat.connections).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<WebSocketCallers.Caller> callers() {
        return WebSocketCallers.callers();
    }
}
