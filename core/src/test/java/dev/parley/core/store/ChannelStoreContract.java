package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.store.ChannelStore.AddResult;
import dev.parley.core.store.ChannelStore.RemoveResult;
import dev.parley.core.store.ChannelStore.RoleResult;
import dev.parley.core.store.ChannelStore.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What {@link ChannelStore} promises, whatever keeps it: run against the in-memory fake and against DynamoDB. */
public abstract class ChannelStoreContract {

    protected abstract ChannelStore channels();

    /** Reads back the members the channel store writes. */
    protected abstract MemberStore members();

    @Test
    void create_whenNew_writesChannelAndMembersTogether() {
        var id = newId();

        var created = channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        assertThat(created).isTrue();
        assertThat(channels().find(id)).get().satisfies(c -> {
            assertThat(c.memberCount()).isEqualTo(2);
            assertThat(c.lastSeq()).isZero();
            assertThat(c.kind()).isEqualTo(ChannelKind.GROUP);
            assertThat(c.name()).isEqualTo("general");
        });
        assertThat(members().find(id, "alice")).get().extracting(Member::role).isEqualTo(Member.OWNER);
        assertThat(members().find(id, "bob")).isPresent();
    }

    @Test
    void create_whenTheRecordCarriesAnotherCount_storesTheNumberOfMembers() {
        var id = newId();

        channels().create(new Channel(id, "general", ChannelKind.GROUP, "alice", 1_000L, 0L, 40L),
                List.of(member(id, "alice", Member.OWNER)));

        assertThat(channels().find(id)).get().extracting(Channel::memberCount).isEqualTo(1L);
    }

    @Test
    void create_whenChannelExists_writesNothing() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        var again = channels().create(channel(id), List.of(member(id, "mallory", Member.OWNER)));

        assertThat(again).isFalse();
        assertThat(members().find(id, "mallory")).isEmpty();
        assertThat(channels().find(id)).get().extracting(Channel::memberCount).isEqualTo(1L);
    }

    @Test
    void find_whenNoChannel_isEmpty() {
        assertThat(channels().find(newId())).isEmpty();
    }

    @Test
    void addMember_whenAddedTwice_countsOnce() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        var first = channels().addMember(member(id, "bob", Member.MEMBER));
        var second = channels().addMember(member(id, "bob", Member.MEMBER));

        assertThat(first).isEqualTo(AddResult.ADDED);
        assertThat(second).isEqualTo(AddResult.ALREADY_MEMBER);
        assertThat(channels().find(id)).get().extracting(Channel::memberCount).isEqualTo(2L);
    }

    @Test
    void addMember_whenNoChannel_isNoChannelAndWritesNothing() {
        var id = newId();

        var result = channels().addMember(member(id, "bob", Member.MEMBER));

        assertThat(result).isEqualTo(AddResult.NO_CHANNEL);
        assertThat(members().find(id, "bob")).isEmpty();
        assertThat(channels().find(id)).isEmpty();
    }

    @Test
    void removeMember_whenRemovedTwice_countsOnce() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        var first = channels().removeMember(id, "bob");
        var second = channels().removeMember(id, "bob");

        assertThat(first).isEqualTo(RemoveResult.REMOVED);
        assertThat(second).isEqualTo(RemoveResult.NOT_MEMBER);
        assertThat(members().find(id, "bob")).isEmpty();
        assertThat(channels().find(id)).get().extracting(Channel::memberCount, Channel::ownerCount).containsExactly(1L, 1L);
    }

    @Test
    void removeMember_whenNoChannel_isNotMember() {
        assertThat(channels().removeMember(newId(), "bob")).isEqualTo(RemoveResult.NOT_MEMBER);
    }

    @Test
    void removeMember_whenTheLastOwnerWouldLeaveOthers_isRefusedAndWritesNothing() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        var result = channels().removeMember(id, "alice");

        assertThat(result).isEqualTo(RemoveResult.LAST_OWNER);
        assertThat(members().find(id, "alice")).isPresent();
        assertThat(channels().find(id)).get().extracting(Channel::memberCount, Channel::ownerCount).containsExactly(2L, 1L);
    }

    @Test
    void removeMember_whenTheLastOwnerIsTheLastMember_removesIt() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        assertThat(channels().removeMember(id, "alice")).isEqualTo(RemoveResult.REMOVED);
        assertThat(channels().find(id)).get().extracting(Channel::memberCount, Channel::ownerCount).containsExactly(0L, 0L);
    }

    @Test
    void removeMember_whenAnotherOwnerRemains_removesTheOwnerAndCountsIt() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.OWNER),
                member(id, "carol", Member.MEMBER)));

        assertThat(channels().removeMember(id, "alice")).isEqualTo(RemoveResult.REMOVED);
        assertThat(channels().find(id)).get().extracting(Channel::memberCount, Channel::ownerCount).containsExactly(2L, 1L);
        assertThat(channels().removeMember(id, "bob")).isEqualTo(RemoveResult.LAST_OWNER);
    }

    @Test
    void create_countsTheOwners() {
        var id = newId();

        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        assertThat(channels().find(id)).get().extracting(Channel::ownerCount).isEqualTo(1L);
    }

    @Test
    void setRole_whenPromotedThenDemoted_movesTheOwnerCountOnceEach() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        assertThat(channels().setRole(id, "bob", Member.OWNER)).isEqualTo(RoleResult.CHANGED);
        assertThat(channels().setRole(id, "bob", Member.OWNER)).isEqualTo(RoleResult.UNCHANGED);
        assertThat(channels().find(id)).get().extracting(Channel::ownerCount).isEqualTo(2L);
        assertThat(members().find(id, "bob")).get().extracting(Member::role).isEqualTo(Member.OWNER);

        assertThat(channels().setRole(id, "alice", Member.MEMBER)).isEqualTo(RoleResult.CHANGED);
        assertThat(channels().find(id)).get().extracting(Channel::ownerCount).isEqualTo(1L);
        assertThat(members().find(id, "alice")).get().extracting(Member::role).isEqualTo(Member.MEMBER);
    }

    @Test
    void setRole_whenTheLastOwnerWouldBeDemoted_isRefusedAndWritesNothing() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.MEMBER)));

        assertThat(channels().setRole(id, "alice", Member.MEMBER)).isEqualTo(RoleResult.LAST_OWNER);
        assertThat(members().find(id, "alice")).get().extracting(Member::role).isEqualTo(Member.OWNER);
        assertThat(channels().find(id)).get().extracting(Channel::ownerCount).isEqualTo(1L);
    }

    @Test
    void setRole_whenTwoOwnersDemoteEachOtherAtOnce_exactlyOneIsDemoted() throws Exception {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER), member(id, "bob", Member.OWNER),
                member(id, "carol", Member.MEMBER)));

        try (var executor = Executors.newFixedThreadPool(2)) {
            var start = new CountDownLatch(1);
            var first = executor.submit(() -> {
                start.await();
                return channels().setRole(id, "alice", Member.MEMBER);
            });
            var second = executor.submit(() -> {
                start.await();
                return channels().setRole(id, "bob", Member.MEMBER);
            });
            start.countDown();

            assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(RoleResult.CHANGED, RoleResult.LAST_OWNER);
        }
        assertThat(channels().find(id)).get().extracting(Channel::ownerCount).isEqualTo(1L);
        assertThat(List.of(members().find(id, "alice").orElseThrow().role(), members().find(id, "bob").orElseThrow().role()))
                .containsExactlyInAnyOrder(Member.OWNER, Member.MEMBER);
    }

    @Test
    void setRole_whenNotAMember_isNotMember() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        assertThat(channels().setRole(id, "mallory", Member.OWNER)).isEqualTo(RoleResult.NOT_MEMBER);
        assertThat(channels().setRole(newId(), "alice", Member.OWNER)).isEqualTo(RoleResult.NOT_MEMBER);
        assertThat(members().find(id, "mallory")).isEmpty();
    }

    @Test
    void renameAndTopic_whenSetTwice_areUnchangedTheSecondTime() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        assertThat(channels().rename(id, "ops")).isEqualTo(UpdateResult.UPDATED);
        assertThat(channels().rename(id, "ops")).isEqualTo(UpdateResult.UNCHANGED);
        assertThat(channels().setTopic(id, "deploys")).isEqualTo(UpdateResult.UPDATED);
        assertThat(channels().setTopic(id, "deploys")).isEqualTo(UpdateResult.UNCHANGED);
        assertThat(channels().find(id)).get().extracting(Channel::name, Channel::topic).containsExactly("ops", "deploys");

        assertThat(channels().setTopic(id, "")).isEqualTo(UpdateResult.UPDATED);
        assertThat(channels().setTopic(id, "")).isEqualTo(UpdateResult.UNCHANGED);
        assertThat(channels().find(id)).get().extracting(Channel::topic).isEqualTo("");
        assertThat(channels().rename(newId(), "ops")).isEqualTo(UpdateResult.NO_CHANNEL);
    }

    @Test
    void setArchived_whenArchived_refusesRenamesTopicsAndMembersUntilUnarchived() {
        var id = newId();
        channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));

        assertThat(channels().setArchived(id, true)).isEqualTo(UpdateResult.UPDATED);
        assertThat(channels().setArchived(id, true)).isEqualTo(UpdateResult.UNCHANGED);
        assertThat(channels().find(id)).get().extracting(Channel::archived).isEqualTo(true);
        assertThat(channels().rename(id, "ops")).isEqualTo(UpdateResult.ARCHIVED);
        assertThat(channels().setTopic(id, "deploys")).isEqualTo(UpdateResult.ARCHIVED);
        assertThat(channels().addMember(member(id, "bob", Member.MEMBER))).isEqualTo(AddResult.ARCHIVED);
        assertThat(members().find(id, "bob")).isEmpty();

        assertThat(channels().setArchived(id, false)).isEqualTo(UpdateResult.UPDATED);
        assertThat(channels().setArchived(id, false)).isEqualTo(UpdateResult.UNCHANGED);
        assertThat(channels().find(id)).get().extracting(Channel::archived, Channel::name).containsExactly(false, "general");
        assertThat(channels().addMember(member(id, "bob", Member.MEMBER))).isEqualTo(AddResult.ADDED);
        assertThat(channels().setArchived(newId(), true)).isEqualTo(UpdateResult.NO_CHANNEL);
    }

    @Test
    void findAll_whenMoreThanOneBatch_returnsEveryExistingChannel() {
        var ids = new ArrayList<String>();
        for (var i = 0; i < 130; i++) {
            var id = newId();
            channels().create(channel(id), List.of(member(id, "alice", Member.OWNER)));
            ids.add(id);
        }
        var asked = new ArrayList<>(ids);
        asked.add("c-missing");
        asked.add(ids.get(0));

        var found = channels().findAll(asked);

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
