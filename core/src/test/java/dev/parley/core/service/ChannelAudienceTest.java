package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ChannelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelAudienceTest {

    private final ChatFixture fixture = new ChatFixture();

    @Test
    void connect_whenTheUserIsInChannels_entersTheConnectionInEach() {
        var first = fixture.groupWith("alice", "bob");
        var second = fixture.groupWith("carol", "alice");

        fixture.connections.connect("a1", "alice");

        assertThat(fixture.chat.channelConnections.get(first)).containsEntry("a1", "alice");
        assertThat(fixture.chat.channelConnections.get(second)).containsEntry("a1", "alice");
    }

    @Test
    void disconnect_whenTheConnectionCloses_leavesEveryAudience() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("a2", "alice");

        fixture.connections.disconnect("a1", "alice");

        assertThat(fixture.chat.channelConnections.get(channelId)).containsOnlyKeys("a2");
    }

    @Test
    void joinAndLeave_whenTheUserIsConnected_addAndRemoveTheirConnections() {
        var channelId = fixture.groupWith("owner", "bob");
        fixture.connections.connect("z1", "zoe");
        fixture.connections.connect("z2", "zoe");

        fixture.channels.join("zoe", channelId);
        var afterJoin = java.util.Set.copyOf(fixture.chat.channelConnections.get(channelId).keySet());
        fixture.channels.leave("zoe", channelId);

        assertThat(afterJoin).containsExactlyInAnyOrder("z1", "z2");
        assertThat(fixture.chat.channelConnections.get(channelId)).doesNotContainKeys("z1", "z2");
    }

    @Test
    void create_whenMembersAreConnected_entersThemAll() {
        fixture.connections.connect("a1", "alice");
        fixture.connections.connect("b1", "bob");

        var channel = fixture.channels.create("alice", "r-1", new Action.CreateChannel("team", ChannelKind.GROUP,
                List.of("bob", "carol")));

        assertThat(fixture.chat.channelConnections.get(channel.channelId())).containsOnlyKeys("a1", "b1");
    }
}
