package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.ArchivedException;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.RateLimitedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelAdministrationTest {

    private final ChatFixture fixture = new ChatFixture();
    private final ChannelAdministration admin = fixture.administration;

    @Test
    void rename_whenOwnerRenames_storesItAndTellsTheChannelOnce() {
        var channelId = fixture.groupWith("alice", "bob");

        var view = admin.rename("alice", new Action.RenameChannel(channelId, "ops"));
        admin.rename("alice", new Action.RenameChannel(channelId, "ops"));

        assertThat(view.channel().name()).isEqualTo("ops");
        assertThat(view.role()).isEqualTo(Member.OWNER);
        assertThat(fixture.chat.channels.get(channelId).name()).isEqualTo("ops");
        assertThat(fixture.chat.published(Event.CHANNEL_UPDATED)).singleElement().satisfies(event -> {
            assertThat(event.toMembers()).isTrue();
            assertThat(event.frame().path("type").asText()).isEqualTo("channelUpdated");
            assertThat(event.frame().path("name").asText()).isEqualTo("ops");
            assertThat(event.frame().has("topic")).isFalse();
            assertThat(event.frame().path("updatedBy").asText()).isEqualTo("alice");
        });
    }

    @Test
    void setTopic_whenSetThenCleared_publishesEachChange() {
        var channelId = fixture.groupWith("alice", "bob");

        admin.setTopic("alice", new Action.SetTopic(channelId, "deploys on Tuesdays"));
        var cleared = admin.setTopic("alice", new Action.SetTopic(channelId, ""));

        assertThat(cleared.channel().topic()).isEmpty();
        assertThat(fixture.chat.published(Event.CHANNEL_UPDATED)).extracting(event -> event.frame().path("topic").asText())
                .containsExactly("deploys on Tuesdays", "");
    }

    @Test
    void everyAction_whenTheCallerIsAMemberButNotAnOwner_isForbiddenAndChangesNothing() {
        var channelId = fixture.groupWith("alice", "bob", "carol");

        assertThatThrownBy(() -> admin.rename("bob", new Action.RenameChannel(channelId, "mine"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.setTopic("bob", new Action.SetTopic(channelId, "t"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.removeMember("bob", new Action.RemoveMember(channelId, "carol")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.setRole("bob", new Action.SetRole(channelId, "bob", Member.OWNER)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.archive("bob", channelId)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.unarchive("bob", channelId)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.rename("mallory", new Action.RenameChannel(channelId, "x")))
                .isInstanceOf(ForbiddenException.class);

        assertThat(fixture.chat.channels.get(channelId).name()).isEqualTo("test");
        assertThat(fixture.chat.memberStore.find(channelId, "carol")).isPresent();
        assertThat(fixture.chat.memberStore.find(channelId, "bob").orElseThrow().role()).isEqualTo(Member.MEMBER);
        assertThat(fixture.chat.published).isEmpty();
    }

    @Test
    void everyAction_whenTheChannelIsDirect_isForbidden() {
        var direct = fixture.channels.create("alice", null, new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("bob")))
                .channelId();

        assertThatThrownBy(() -> admin.rename("alice", new Action.RenameChannel(direct, "x"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.setTopic("alice", new Action.SetTopic(direct, "x"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.removeMember("alice", new Action.RemoveMember(direct, "bob")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.setRole("alice", new Action.SetRole(direct, "alice", Member.OWNER)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.archive("alice", direct)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void removeMember_whenOwnerRemovesAMember_itsConnectionsLeaveTheAudienceAndItIsTold() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("b1", "bob");
        assertThat(fixture.chat.channelConnections.get(channelId)).containsKey("b1");

        var removed = admin.removeMember("alice", new Action.RemoveMember(channelId, "bob"));
        var again = admin.removeMember("alice", new Action.RemoveMember(channelId, "bob"));

        assertThat(removed).isEqualTo(again);
        assertThat(fixture.chat.memberStore.find(channelId, "bob")).isEmpty();
        assertThat(fixture.chat.channels.get(channelId).memberCount()).isEqualTo(1);
        assertThat(fixture.chat.channelConnections.get(channelId)).doesNotContainKey("b1");
        assertThat(fixture.chat.published(Event.MEMBER_REMOVED)).singleElement().satisfies(event -> {
            assertThat(event.userIds()).containsExactly("bob");
            assertThat(event.toMembers()).isTrue();
            assertThat(event.frame().path("removedBy").asText()).isEqualTo("alice");
        });
        assertThatThrownBy(() -> fixture.channels.history("bob", new Action.GetHistory(channelId, null, null, 10)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void removeMember_whenTheOwnerRemovesThemselvesAsLastOwner_isConflict() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThatThrownBy(() -> admin.removeMember("alice", new Action.RemoveMember(channelId, "alice")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("last owner");
        assertThat(fixture.chat.memberStore.find(channelId, "alice")).isPresent();
    }

    @Test
    void setRole_whenAMemberIsMadeOwner_theyMayAdministerAndTheFirstOwnerMayStepDown() {
        var channelId = fixture.groupWith("alice", "bob");

        var set = admin.setRole("alice", new Action.SetRole(channelId, "bob", Member.OWNER));
        admin.setRole("alice", new Action.SetRole(channelId, "bob", Member.OWNER));
        admin.rename("bob", new Action.RenameChannel(channelId, "bob's"));
        admin.setRole("bob", new Action.SetRole(channelId, "alice", Member.MEMBER));

        assertThat(set.role()).isEqualTo(Member.OWNER);
        assertThat(fixture.chat.channels.get(channelId).ownerCount()).isEqualTo(1);
        assertThat(fixture.chat.published(Event.ROLE_CHANGED)).extracting(event -> event.frame().path("userId").asText()
                + ":" + event.frame().path("role").asText()).containsExactly("bob:owner", "alice:member");
        assertThatThrownBy(() -> admin.rename("alice", new Action.RenameChannel(channelId, "back"))).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void setRole_whenTheLastOwnerDemotesThemselves_isConflictAndNothingChanges() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThatThrownBy(() -> admin.setRole("alice", new Action.SetRole(channelId, "alice", Member.MEMBER)))
                .isInstanceOf(ConflictException.class);
        assertThat(fixture.chat.memberStore.find(channelId, "alice").orElseThrow().role()).isEqualTo(Member.OWNER);
        assertThat(fixture.chat.published(Event.ROLE_CHANGED)).isEmpty();
    }

    @Test
    void setRole_whenTheUserIsNotAMember_isNotFound() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThatThrownBy(() -> admin.setRole("alice", new Action.SetRole(channelId, "zoe", Member.OWNER)))
                .isInstanceOf(NotFoundException.class);
        assertThat(fixture.chat.memberStore.find(channelId, "zoe")).isEmpty();
    }

    @Test
    void leave_whenTheLastOwnerLeavesOthersBehind_isConflictUntilAnotherOwnerIsMade() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThatThrownBy(() -> fixture.channels.leave("alice", channelId)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("setRole");
        admin.setRole("alice", new Action.SetRole(channelId, "bob", Member.OWNER));
        fixture.channels.leave("alice", channelId);

        assertThat(fixture.chat.memberStore.find(channelId, "alice")).isEmpty();
        assertThat(fixture.chat.channels.get(channelId).ownerCount()).isEqualTo(1);
    }

    @Test
    void leave_whenTheLastOwnerIsAlone_leaves() {
        var channelId = fixture.groupWith("alice");

        fixture.channels.leave("alice", channelId);

        assertThat(fixture.chat.channels.get(channelId).memberCount()).isZero();
    }

    @Test
    void archive_whenArchived_refusesWritesKeepsHistoryAndListsItUntilUnarchived() {
        var channelId = fixture.groupWith("alice", "bob");
        var sent = fixture.messages.send("bob", new Action.SendMessage(channelId, "m1", "before", List.of(), null));

        var archived = admin.archive("alice", channelId);
        admin.archive("alice", channelId);

        assertThat(archived.channel().archived()).isTrue();
        assertThat(fixture.chat.published(Event.CHANNEL_UPDATED)).singleElement()
                .satisfies(event -> assertThat(event.frame().path("archived").asBoolean()).isTrue());
        assertThatThrownBy(() -> fixture.messages.send("bob", new Action.SendMessage(channelId, "m2", "after", List.of(), null)))
                .isInstanceOf(ArchivedException.class);
        assertThatThrownBy(() -> fixture.messages.edit("bob", new Action.EditMessage(channelId, sent.seq(), "edited")))
                .isInstanceOf(ArchivedException.class);
        assertThatThrownBy(() -> fixture.messages.react("bob", new Action.React(channelId, sent.seq(), "+1", false)))
                .isInstanceOf(ArchivedException.class);
        assertThatThrownBy(() -> fixture.channels.join("carol", channelId)).isInstanceOf(ArchivedException.class);
        assertThatThrownBy(() -> fixture.channels.addMembers("alice", channelId, List.of("carol")))
                .isInstanceOf(ArchivedException.class);
        assertThatThrownBy(() -> admin.rename("alice", new Action.RenameChannel(channelId, "x"))).isInstanceOf(ArchivedException.class);
        assertThat(fixture.channels.history("bob", new Action.GetHistory(channelId, null, null, 10)).messages())
                .extracting(message -> message.text()).containsExactly("before");
        assertThat(fixture.channels.list("bob", null).page().items()).singleElement()
                .satisfies(summary -> assertThat(summary.channel().archived()).isTrue());

        admin.unarchive("alice", channelId);
        fixture.messages.send("bob", new Action.SendMessage(channelId, "m3", "again", List.of(), null));
        assertThat(fixture.chat.channels.get(channelId).archived()).isFalse();
    }

    @Test
    void list_whenTheCallerOwnsOneChannelAndIsInAnother_saysTheirRoleInEach() {
        var owned = fixture.groupWith("alice");
        var joined = fixture.groupWith("bob", "alice");

        var roles = fixture.channels.list("alice", null).page().items().stream()
                .map(summary -> summary.channel().channelId() + ":" + summary.role()).toList();

        assertThat(roles).containsExactlyInAnyOrder(owned + ":owner", joined + ":member");
    }

    @Test
    void everyAction_whenTheCallerIsOverTheAdministrationLimit_isRateLimited() {
        var limited = new ChannelAdministration(fixture.chat.channelStore, fixture.chat.memberStore, fixture.chat.presenceStore,
                fixture.chat.channelConnectionStore, fixture.chat.eventPublisher,
                new RateLimiter(fixture.chat.throttleStore, fixture.clock, kind -> 2), fixture.clock);
        var channelId = fixture.groupWith("alice", "bob");

        limited.setTopic("alice", new Action.SetTopic(channelId, "one"));
        limited.setTopic("alice", new Action.SetTopic(channelId, "two"));

        assertThatThrownBy(() -> limited.rename("alice", new Action.RenameChannel(channelId, "three")))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void removeMember_whenTheChannelIsLarge_tellsTheRemovedTheOwnerAndTheCreatorOnly() {
        var others = new String[ChannelService.MEMBERSHIP_NEWS_TO_ALL_UP_TO + 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = "member" + i;
        }
        var large = fixture.groupWith("owner", others);

        admin.removeMember("owner", new Action.RemoveMember(large, "member3"));

        assertThat(fixture.chat.published(Event.MEMBER_REMOVED)).singleElement().satisfies(event -> {
            assertThat(event.toMembers()).isFalse();
            assertThat(event.userIds()).containsExactlyInAnyOrder("member3", "owner");
        });
    }

    @Test
    void send_whenTheChannelIsArchivedAndTheSendAttachesAnUpload_isArchivedAndLeavesNoCopy() {
        var channelId = fixture.groupWith("alice", "bob");
        var upload = fixture.uploaded("bob", channelId, "plan.pdf", 10, "application/pdf");
        admin.archive("alice", channelId);

        assertThatThrownBy(() -> fixture.messages.send("bob", new Action.SendMessage(channelId, "m1", "", List.of(upload), null)))
                .isInstanceOf(ArchivedException.class);

        assertThat(fixture.chat.objects.keySet()).containsExactly(upload);
        assertThat(fixture.chat.channels.get(channelId).lastSeq()).isZero();
    }
}
