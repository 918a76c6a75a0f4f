package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbChannelStoreIT {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMemberStore members;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbChannelStoreIT.class);
        channels = new DynamoDbChannelStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.members());
        members = new DynamoDbMemberStore(aws.enhanced(), aws.dynamoDb(), names.members());
    }

    @Test
    void create_whenNew_writesChannelAndMembersTogether() {
        var id = newId();

        var created = channels.create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        assertThat(created).isTrue();
        assertThat(channels.find(id)).get().satisfies(c -> {
            assertThat(c.memberCount()).isEqualTo(2);
            assertThat(c.lastSeq()).isZero();
            assertThat(c.kind()).isEqualTo(ChannelKind.GROUP);
            assertThat(c.name()).isEqualTo("general");
        });
        assertThat(members.find(id, "alice")).get().extracting(Member::role).isEqualTo(Member.OWNER);
        assertThat(members.find(id, "bob")).isPresent();
    }

    @Test
    void create_whenChannelExists_writesNothing() {
        var id = newId();
        channels.create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        var again = channels.create(channel(id), List.of(member(id, "mallory", Member.OWNER)));

        assertThat(again).isFalse();
        assertThat(members.find(id, "mallory")).isEmpty();
        assertThat(channels.find(id)).get().extracting(Channel::memberCount).isEqualTo(1L);
    }

    @Test
    void addMember_whenAddedTwice_countsOnce() {
        var id = newId();
        channels.create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        var first = channels.addMember(member(id, "bob", Member.MEMBER));
        var second = channels.addMember(member(id, "bob", Member.MEMBER));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(channels.find(id)).get().extracting(Channel::memberCount).isEqualTo(2L);
    }

    @Test
    void removeMember_whenRemovedTwice_countsOnce() {
        var id = newId();
        channels.create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        var first = channels.removeMember(id, "bob");
        var second = channels.removeMember(id, "bob");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(members.find(id, "bob")).isEmpty();
        assertThat(channels.find(id)).get().extracting(Channel::memberCount).isEqualTo(1L);
    }

    @Test
    void addMember_whenNoChannel_throwsNotFoundAndWritesNothing() {
        var id = newId();

        assertThatThrownBy(() -> channels.addMember(member(id, "bob", Member.MEMBER))).isInstanceOf(NotFoundException.class);
        assertThat(members.find(id, "bob")).isEmpty();
    }

    @Test
    void findAll_whenMoreThanOneBatch_returnsEveryExistingChannel() {
        var ids = new ArrayList<String>();
        for (var i = 0; i < 130; i++) {
            var id = newId();
            channels.create(channel(id), List.of(member(id, "alice", Member.OWNER)));
            ids.add(id);
        }
        var asked = new ArrayList<>(ids);
        asked.add("c-missing");
        asked.add(ids.get(0));

        var found = channels.findAll(asked);

        assertThat(found).containsOnlyKeys(ids);
        assertThat(found.get(ids.get(5)).channelId()).isEqualTo(ids.get(5));
    }

    private static String newId() {
        return "c-" + UUID.randomUUID();
    }

    private static Channel channel(String id) {
        return new Channel(id, "general", ChannelKind.GROUP, "alice", 1_000L, 0L, 0L);
    }

    private static Member member(String channelId, String userId, String role) {
        return new Member(channelId, userId, role, 1_000L, 0L, false);
    }
}
