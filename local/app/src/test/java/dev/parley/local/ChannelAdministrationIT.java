package dev.parley.local;

import static dev.parley.local.RunningLocal.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Channel administration end to end through Parley Local with real WebSocket clients: owners, members and archives. */
class ChannelAdministrationIT {

    private static Endpoints endpoints;

    @BeforeAll
    static void start() throws Exception {
        endpoints = RunningLocal.endpoints();
    }

    private static String channel(ChatClient owner, List<String> members) throws Exception {
        var created = owner.call("createChannel", "name", "team", "kind", "group", "members", members);
        assertThat(created.get("type").asText()).as(created.toString()).isEqualTo("channel");
        assertThat(created.get("channel").get("role").asText()).isEqualTo("owner");
        return created.get("channel").get("channelId").asText();
    }

    private static String code(JsonNode reply) {
        return reply.path("code").asText(reply.path("type").asText());
    }

    @Test
    void ownerChanges_whenTheOwnerRenamesAndSetsTheTopic_everyMemberIsToldAndListsShowThem() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));
            b.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));

            var renamed = a.call("renameChannel", "channelId", channelId, "name", "ops");
            var topic = a.call("setTopic", "channelId", channelId, "topic", "deploys on Tuesdays");

            assertThat(renamed.get("channel").get("name").asText()).as(renamed.toString()).isEqualTo("ops");
            assertThat(topic.get("channel").get("topic").asText()).isEqualTo("deploys on Tuesdays");
            var renameEvent = b.awaitEvent("channelUpdated", e -> e.get("channelId").asText().equals(channelId) && e.has("name"));
            assertThat(renameEvent.get("name").asText()).isEqualTo("ops");
            assertThat(renameEvent.get("updatedBy").asText()).isEqualTo(alice);
            b.awaitEvent("channelUpdated", e -> e.path("topic").asText().equals("deploys on Tuesdays"));
            var listed = b.call("listChannels").get("channels").get(0);
            assertThat(listed.get("name").asText()).isEqualTo("ops");
            assertThat(listed.get("topic").asText()).isEqualTo("deploys on Tuesdays");
            assertThat(listed.get("role").asText()).isEqualTo("member");
            assertThat(listed.get("archived").asBoolean()).isFalse();
            var members = b.call("listMembers", "channelId", channelId).get("members");
            assertThat(members).extracting(m -> m.get("userId").asText() + ":" + m.get("role").asText())
                    .containsExactlyInAnyOrder(alice + ":owner", bob + ":member");
        }
    }

    @Test
    void permissions_whenAMemberOrAStrangerTriesEveryOwnerAction_isForbiddenAndNothingChanges() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        var carol = unique("carol");
        var mallory = unique("mallory");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob);
             var m = ChatClient.connect(endpoints, mallory)) {
            var channelId = channel(a, List.of(bob, carol));

            for (var client : List.of(b, m)) {
                assertThat(code(client.call("renameChannel", "channelId", channelId, "name", "mine"))).isEqualTo("forbidden");
                assertThat(code(client.call("setTopic", "channelId", channelId, "topic", "mine"))).isEqualTo("forbidden");
                assertThat(code(client.call("removeMember", "channelId", channelId, "userId", carol))).isEqualTo("forbidden");
                assertThat(code(client.call("setRole", "channelId", channelId, "userId", client.userId, "role", "owner")))
                        .isEqualTo("forbidden");
                assertThat(code(client.call("archiveChannel", "channelId", channelId))).isEqualTo("forbidden");
                assertThat(code(client.call("unarchiveChannel", "channelId", channelId))).isEqualTo("forbidden");
            }

            var members = a.call("listMembers", "channelId", channelId).get("members");
            assertThat(members).extracting(member -> member.get("role").asText()).containsExactlyInAnyOrder("owner", "member", "member");
            assertThat(a.call("listChannels").get("channels").get(0).get("name").asText()).isEqualTo("team");

            var direct = a.call("createChannel", "kind", "direct", "members", List.of(bob)).get("channel").get("channelId").asText();
            assertThat(code(a.call("renameChannel", "channelId", direct, "name", "us"))).isEqualTo("forbidden");
            assertThat(code(a.call("setRole", "channelId", direct, "userId", bob, "role", "owner"))).isEqualTo("forbidden");
            assertThat(code(a.call("removeMember", "channelId", direct, "userId", bob))).isEqualTo("forbidden");
        }
    }

    @Test
    void lastOwner_whenTheOnlyOwnerStepsDownOrLeaves_isConflictUntilAnotherIsMadeOwner() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));

            assertThat(code(a.call("setRole", "channelId", channelId, "userId", alice, "role", "member"))).isEqualTo("conflict");
            assertThat(code(a.call("leaveChannel", "channelId", channelId))).isEqualTo("conflict");
            assertThat(code(a.call("removeMember", "channelId", channelId, "userId", alice))).isEqualTo("conflict");

            var promoted = a.call("setRole", "channelId", channelId, "userId", bob, "role", "owner");
            assertThat(promoted.get("type").asText()).as(promoted.toString()).isEqualTo("role");
            var told = b.awaitEvent("roleChanged", e -> e.get("channelId").asText().equals(channelId));
            assertThat(told.get("userId").asText()).isEqualTo(bob);
            assertThat(told.get("role").asText()).isEqualTo("owner");
            assertThat(told.get("changedBy").asText()).isEqualTo(alice);
            assertThat(a.call("leaveChannel", "channelId", channelId).get("type").asText()).isEqualTo("left");
            assertThat(code(b.call("setRole", "channelId", channelId, "userId", bob, "role", "member"))).isEqualTo("conflict");
            assertThat(b.call("listChannels").get("channels").get(0).get("role").asText()).isEqualTo("owner");
        }
    }

    @Test
    void removeMember_whenTheOwnerRemovesAMember_theyAreToldAndHearNothingMoreFromTheChannel() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        var carol = unique("carol");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob);
             var c = ChatClient.connect(endpoints, carol)) {
            var channelId = channel(a, List.of(bob, carol));
            b.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));

            var removed = a.call("removeMember", "channelId", channelId, "userId", bob);
            var again = a.call("removeMember", "channelId", channelId, "userId", bob);

            assertThat(removed.get("type").asText()).as(removed.toString()).isEqualTo("removed");
            assertThat(again.get("type").asText()).isEqualTo("removed");
            var told = b.awaitEvent("memberRemoved", e -> e.get("channelId").asText().equals(channelId));
            assertThat(told.get("removedBy").asText()).isEqualTo(alice);
            c.awaitEvent("memberRemoved", e -> e.get("userId").asText().equals(bob));
            assertThat(code(b.call("sendMessage", "channelId", channelId, "clientMsgId", "m1", "text", "still here?")))
                    .isEqualTo("forbidden");
            assertThat(code(b.call("getHistory", "channelId", channelId))).isEqualTo("forbidden");
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "after", "text", "after bob");
            c.awaitEvent("message", e -> e.get("channelId").asText().equals(channelId));
            assertThat(b.received("message")).noneMatch(e -> e.get("channelId").asText().equals(channelId));
            assertThat(b.call("listChannels").get("channels")).noneMatch(ch -> ch.get("channelId").asText().equals(channelId));
        }
    }

    @Test
    void archive_whenArchived_refusesWritesWithArchivedKeepsHistoryAndUnarchiveOpensItAgain() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        var zoe = unique("zoe");
        try (var a = ChatClient.connect(endpoints, alice); var b = ChatClient.connect(endpoints, bob);
             var z = ChatClient.connect(endpoints, zoe)) {
            var channelId = channel(a, List.of(bob));
            b.call("sendMessage", "channelId", channelId, "clientMsgId", "m1", "text", "before");

            var archived = a.call("archiveChannel", "channelId", channelId);

            assertThat(archived.get("channel").get("archived").asBoolean()).as(archived.toString()).isTrue();
            b.awaitEvent("channelUpdated", e -> e.get("channelId").asText().equals(channelId) && e.path("archived").asBoolean());
            assertThat(code(b.call("sendMessage", "channelId", channelId, "clientMsgId", "m2", "text", "after"))).isEqualTo("archived");
            assertThat(code(b.call("editMessage", "channelId", channelId, "seq", 1, "text", "changed"))).isEqualTo("archived");
            assertThat(code(b.call("react", "channelId", channelId, "seq", 1, "emoji", "👍"))).isEqualTo("archived");
            assertThat(code(z.call("joinChannel", "channelId", channelId))).isEqualTo("archived");
            assertThat(code(a.call("renameChannel", "channelId", channelId, "name", "x"))).isEqualTo("archived");
            var history = b.call("getHistory", "channelId", channelId);
            assertThat(history.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("before");
            assertThat(b.call("listChannels").get("channels").get(0).get("archived").asBoolean()).isTrue();

            var unarchived = a.call("unarchiveChannel", "channelId", channelId);
            assertThat(unarchived.get("channel").get("archived").asBoolean()).isFalse();
            var sent = b.call("sendMessage", "channelId", channelId, "clientMsgId", "m3", "text", "open again");
            assertThat(sent.get("seq").asLong()).as(sent.toString()).isEqualTo(2);
        }
    }
}
