package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.handler.Replies;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.ConflictException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    private void post(String channelId, String userId, int count) {
        for (int i = 0; i < count; i++) {
            fixture.messages.send(userId, new Action.SendMessage(channelId, userId + "-" + i + "-" + System.nanoTime(), "m" + i,
                    List.of(), null));
        }
    }

    @Test
    void create_whenDirectChannelIsCreatedByEitherUser_returnsTheSameChannel() {
        var byAlice = fixture.channels.create("alice", null, new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("bob")));
        var byBob = fixture.channels.create("bob", null, new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("alice")));

        assertThat(byBob.channelId()).isEqualTo(byAlice.channelId()).startsWith("d-");
        assertThat(fixture.chat.channels).hasSize(1);
        assertThat(fixture.chat.memberStore.find(byAlice.channelId(), "bob")).isPresent();
    }

    @Test
    void create_whenDirectChannelIsWithOneself_isBadRequest() {
        assertThatThrownBy(() -> fixture.channels.create("alice", null,
                new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("alice")))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void create_whenRetriedWithTheSameRequestId_returnsTheFirstChannel() {
        var action = new Action.CreateChannel("ops", ChannelKind.GROUP, List.of("bob", "carol"));

        var first = fixture.channels.create("alice", "req-1", action);
        var retry = fixture.channels.create("alice", "req-1", action);

        assertThat(retry.channelId()).isEqualTo(first.channelId());
        assertThat(first.memberCount()).isEqualTo(3);
        assertThat(fixture.chat.memberStore.find(first.channelId(), "alice").orElseThrow().role()).isEqualTo("owner");
        assertThat(fixture.chat.published(Event.MEMBER_JOINED)).hasSize(3);
    }

    @Test
    void join_whenTwice_countsOnceAndAnnouncesOnce() {
        var channelId = fixture.groupWith("alice");

        fixture.channels.join("bob", channelId);
        var again = fixture.channels.join("bob", channelId);

        assertThat(again.memberCount()).isEqualTo(2);
        assertThat(fixture.chat.published(Event.MEMBER_JOINED)).hasSize(1);
    }

    @Test
    void join_whenChannelIsMissingOrDirect_isRefused() {
        var direct = fixture.channels.create("alice", null, new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("bob")));

        assertThatThrownBy(() -> fixture.channels.join("bob", "c-missing")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> fixture.channels.join("mallory", direct.channelId())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.join("bob", direct.channelId())).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void create_whenGroupsAreCreatedWithTheSameRequestId_haveUnrelatedRandomIds() {
        var other = new ChatFixture();
        var action = new Action.CreateChannel("ops", ChannelKind.GROUP, List.of());

        var first = fixture.channels.create("alice", "r1", action);
        var second = other.channels.create("alice", "r1", action);

        assertThat(first.channelId()).isNotEqualTo(second.channelId()).matches("c-[0-9a-z]{26}");
        assertThat(second.channelId()).matches("c-[0-9a-z]{26}");
    }

    @Test
    void create_whenRequestIdIsReusedForAnotherRequest_isConflictAndCreatesNothing() {
        fixture.channels.create("alice", "r1", new Action.CreateChannel("ops", ChannelKind.GROUP, List.of("bob")));

        assertThatThrownBy(() -> fixture.channels.create("alice", "r1",
                new Action.CreateChannel("sales", ChannelKind.GROUP, List.of("bob")))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> fixture.channels.create("alice", "r1",
                new Action.CreateChannel("ops", ChannelKind.GROUP, List.of("carol")))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> fixture.channels.create("alice", "r1",
                new Action.CreateChannel("ops", ChannelKind.PRIVATE, List.of("bob")))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> fixture.channels.create("alice", "r1",
                new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("bob")))).isInstanceOf(ConflictException.class);
        assertThat(fixture.chat.channels).hasSize(1);
    }

    @Test
    void create_whenRetriedWithMembersInAnotherOrder_returnsTheFirstChannel() {
        var first = fixture.channels.create("alice", "r1", new Action.CreateChannel("ops", ChannelKind.GROUP, List.of("bob", "carol")));
        var retry = fixture.channels.create("alice", "r1",
                new Action.CreateChannel("ops", ChannelKind.GROUP, List.of("carol", "bob", "alice")));

        assertThat(retry.channelId()).isEqualTo(first.channelId());
        assertThat(fixture.chat.channels).hasSize(1);
    }

    @Test
    void create_whenAnotherUserUsesTheSameRequestId_makesTheirOwnChannel() {
        var action = new Action.CreateChannel("ops", ChannelKind.GROUP, List.of());

        var byAlice = fixture.channels.create("alice", "r1", action);
        var byBob = fixture.channels.create("bob", "r1", action);

        assertThat(byBob.channelId()).isNotEqualTo(byAlice.channelId());
        assertThat(byBob.createdBy()).isEqualTo("bob");
    }

    @Test
    void create_whenTheRememberedRequestHasExpired_makesANewChannel() {
        var first = fixture.channels.create("alice", "r1", new Action.CreateChannel("ops", ChannelKind.GROUP, List.of()));
        fixture.clock.advance(ChannelService.CREATE_REQUEST_LIFETIME.plusSeconds(1));

        var later = fixture.channels.create("alice", "r1", new Action.CreateChannel("sales", ChannelKind.GROUP, List.of()));

        assertThat(later.channelId()).isNotEqualTo(first.channelId());
        assertThat(later.name()).isEqualTo("sales");
    }

    @Test
    void create_whenTheFirstAttemptStoppedAfterRememberingTheRequest_theRetryCreatesTheChannel() {
        var action = new Action.CreateChannel("ops", ChannelKind.GROUP, List.of("bob"));
        var first = fixture.channels.create("alice", "r1", action);
        fixture.chat.channels.clear();
        fixture.chat.members.clear();

        var retry = fixture.channels.create("alice", "r1", action);

        assertThat(retry.channelId()).isEqualTo(first.channelId());
        assertThat(fixture.chat.memberStore.find(first.channelId(), "bob")).isPresent();
    }

    @Test
    void join_whenPrivateAndNotAdded_isForbiddenAndReadsNothing() {
        var secret = fixture.channels.create("alice", "r1", new Action.CreateChannel("secret", ChannelKind.PRIVATE, List.of("bob")));
        post(secret.channelId(), "alice", 2);

        assertThat(secret.kind()).isEqualTo(ChannelKind.PRIVATE);
        assertThatThrownBy(() -> fixture.channels.join("mallory", secret.channelId())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.history("mallory", new Action.GetHistory(secret.channelId(), null, null, 5)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(fixture.chat.memberStore.find(secret.channelId(), "mallory")).isEmpty();
        assertThat(fixture.chat.channels.get(secret.channelId()).memberCount()).isEqualTo(2);
    }

    @Test
    void join_whenPrivateAndAlreadyAMember_returnsTheChannel() {
        var secret = fixture.channels.create("alice", "r1", new Action.CreateChannel("secret", ChannelKind.PRIVATE, List.of("bob")));

        var joined = fixture.channels.join("bob", secret.channelId());

        assertThat(joined.memberCount()).isEqualTo(2);
        assertThat(fixture.chat.published(Event.MEMBER_JOINED)).hasSize(2);
    }

    @Test
    void addMembers_whenAMemberOfAPrivateGroupAddsUsers_theyAreMembersAndTheChannelIsTold() {
        var secret = fixture.channels.create("alice", "r1", new Action.CreateChannel("secret", ChannelKind.PRIVATE, List.of("bob")));
        post(secret.channelId(), "alice", 1);
        fixture.chat.published.clear();

        var after = fixture.channels.addMembers("bob", secret.channelId(), List.of("carol", "dave", "alice", "carol"));
        var again = fixture.channels.addMembers("bob", secret.channelId(), List.of("carol"));

        assertThat(after.memberCount()).isEqualTo(4);
        assertThat(again.memberCount()).isEqualTo(4);
        assertThat(fixture.chat.channels.get(secret.channelId()).memberCount()).isEqualTo(4);
        assertThat(fixture.chat.memberStore.find(secret.channelId(), "carol").orElseThrow().lastReadSeq()).isEqualTo(1);
        assertThat(fixture.chat.published(Event.MEMBER_JOINED)).extracting(Event::actorId).containsExactly("carol", "dave");
        assertThat(fixture.chat.published(Event.MEMBER_JOINED)).allSatisfy(e -> assertThat(e.toMembers()).isTrue());
        assertThat(fixture.channels.history("carol", new Action.GetHistory(secret.channelId(), null, null, 5)).messages()).hasSize(1);
    }

    @Test
    void addMembers_whenCallerIsNotAMemberOrChannelIsDirect_isForbidden() {
        var secret = fixture.channels.create("alice", "r1", new Action.CreateChannel("secret", ChannelKind.PRIVATE, List.of()));
        var direct = fixture.channels.create("alice", null, new Action.CreateChannel(null, ChannelKind.DIRECT, List.of("bob")));

        assertThatThrownBy(() -> fixture.channels.addMembers("mallory", secret.channelId(), List.of("mallory")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.addMembers("mallory", "c-missing", List.of("mallory")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.addMembers("alice", direct.channelId(), List.of("carol")))
                .isInstanceOf(ForbiddenException.class);
        assertThat(fixture.chat.memberStore.find(secret.channelId(), "mallory")).isEmpty();
        assertThat(fixture.chat.memberStore.find(direct.channelId(), "carol")).isEmpty();
    }

    @Test
    void leave_whenMember_removesAndTellsTheLeaverToo() {
        var channelId = fixture.groupWith("alice", "bob");

        fixture.channels.leave("bob", channelId);

        assertThat(fixture.chat.memberStore.find(channelId, "bob")).isEmpty();
        assertThat(fixture.chat.published(Event.MEMBER_LEFT)).singleElement()
                .satisfies(event -> assertThat(event.userIds()).containsExactly("bob"));
        assertThatThrownBy(() -> fixture.channels.leave("bob", channelId)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void list_whenMessagesAreUnread_countsThem() {
        var channelId = fixture.groupWith("alice", "bob");
        post(channelId, "alice", 5);
        fixture.channels.markRead("bob", channelId, 2);

        var list = fixture.channels.list("bob", null);

        assertThat(list.page().items()).singleElement().satisfies(summary -> {
            assertThat(summary.unread()).isEqualTo(3);
            assertThat(summary.lastReadSeq()).isEqualTo(2);
        });
    }

    @Test
    void listAndMembers_whenTheCursorIsNotOneTheListingGave_isBadRequest() {
        var channelId = fixture.groupWith("alice", "bob");

        assertThatThrownBy(() -> fixture.channels.list("bob", "forged")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> fixture.channels.members("bob", channelId, "forged")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void markRead_whenMovedBack_staysAtTheHighestAndPublishesOnlyAdvances() {
        var channelId = fixture.groupWith("alice", "bob");
        post(channelId, "alice", 5);

        fixture.channels.markRead("bob", channelId, 4);
        var back = fixture.channels.markRead("bob", channelId, 2);

        assertThat(back.seq()).isEqualTo(4);
        assertThat(fixture.chat.published(Event.READ)).hasSize(1);
        assertThatThrownBy(() -> fixture.channels.markRead("bob", channelId, 6)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void history_whenASeqWasLostLongAgo_fillsItAsSkipped() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m1", "one", List.of(), null));
        fixture.chat.messageStore.allocate(channelId, fixture.clock.millis());
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m3", "three", List.of(), null));
        fixture.chat.messageStore.allocate(channelId, fixture.clock.millis());

        var young = fixture.channels.history("bob", new Action.GetHistory(channelId, null, null, 10));
        fixture.clock.advance(SequenceHoles.GRACE.plusSeconds(1));
        var old = fixture.channels.history("bob", new Action.GetHistory(channelId, null, null, 10));
        var fromOldest = fixture.channels.history("bob", new Action.GetHistory(channelId, null, 0L, 10));

        assertThat(young.messages()).extracting(Message::seq).containsExactly(1L, 3L);
        assertThat(old.messages()).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(old.messages()).extracting(Message::skipped).containsExactly(false, true, false, true);
        assertThat(fromOldest.messages()).isEqualTo(old.messages());
    }

    @Test
    void join_whenTheChannelIsLarge_tellsTheJoinerAndCreatorOnly() {
        var others = new String[ChannelService.MEMBERSHIP_NEWS_TO_ALL_UP_TO];
        for (int i = 0; i < others.length; i++) {
            others[i] = "member" + i;
        }
        var large = fixture.groupWith("owner", others);
        var small = fixture.groupWith("owner", "alice");

        fixture.channels.join("zoe", large);
        fixture.channels.join("zoe", small);

        var joined = fixture.chat.published(Event.MEMBER_JOINED);
        assertThat(joined.get(0).toMembers()).isFalse();
        assertThat(joined.get(0).userIds()).containsExactlyInAnyOrder("zoe", "owner");
        assertThat(joined.get(1).toMembers()).isTrue();
    }

    @Test
    void history_whenPagingBackwardsAndForwards_returnsOldestFirstWithHasMore() {
        var channelId = fixture.groupWith("alice");
        post(channelId, "alice", 12);

        var latest = fixture.channels.history("alice", new Action.GetHistory(channelId, null, null, 5));
        var before = fixture.channels.history("alice", new Action.GetHistory(channelId, 8L, null, 5));
        var oldest = fixture.channels.history("alice", new Action.GetHistory(channelId, 3L, null, 5));
        var after = fixture.channels.history("alice", new Action.GetHistory(channelId, null, 9L, 5));
        var between = fixture.channels.history("alice", new Action.GetHistory(channelId, 6L, 2L, 5));

        assertThat(latest.messages()).extracting(m -> m.seq()).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(latest.hasMore()).isTrue();
        assertThat(before.messages()).extracting(m -> m.seq()).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(oldest.messages()).extracting(m -> m.seq()).containsExactly(1L, 2L);
        assertThat(oldest.hasMore()).isFalse();
        assertThat(after.messages()).extracting(m -> m.seq()).containsExactly(10L, 11L, 12L);
        assertThat(after.hasMore()).isFalse();
        assertThat(between.messages()).extracting(m -> m.seq()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void history_whenFiftyLongMessagesWouldExceedTheResponseLimit_returnsFewerWithHasMoreAndPagesThroughAll() {
        var channelId = fixture.groupWith("alice");
        // Four thousand characters that cost the most: control characters escaped to six bytes, three- and four-byte UTF-8.
        var costly = "\u0001€😀\"".repeat(1_000);
        for (int i = 0; i < 50; i++) {
            fixture.messages.send("alice", new Action.SendMessage(channelId, "m" + i, costly, List.of(), null));
        }
        var requestId = "\u0002".repeat(Limits.MAX_ID_CHARS);

        var seen = new ArrayList<Long>();
        Long beforeSeq = null;
        Results.History page;
        do {
            page = fixture.channels.history("alice", new Action.GetHistory(channelId, beforeSeq, null, 50));
            var bytes = Replies.history(requestId, page).getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isLessThanOrEqualTo(Limits.MAX_HISTORY_RESPONSE_BYTES).isLessThan(128 * 1024);
            assertThat(page.messages()).isNotEmpty().hasSizeLessThan(50);
            seen.addAll(0, page.messages().stream().map(Message::seq).toList());
            beforeSeq = page.messages().getFirst().seq();
        } while (page.hasMore());
        var forward = new ArrayList<Long>();
        Long afterSeq = 0L;
        do {
            page = fixture.channels.history("alice", new Action.GetHistory(channelId, null, afterSeq, 50));
            assertThat(Replies.history(requestId, page).getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(Limits.MAX_HISTORY_RESPONSE_BYTES);
            forward.addAll(page.messages().stream().map(Message::seq).toList());
            afterSeq = page.messages().getLast().seq();
        } while (page.hasMore());

        var all = java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList();
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(forward).containsExactlyElementsOf(all);
    }

    @Test
    void history_whenOneMessageAloneIsOverTheLimit_listsAsManyReactionsAsFit() {
        var channelId = fixture.groupWith("alice");
        fixture.messages.send("alice", new Action.SendMessage(channelId, "m1", "\u0001".repeat(4_000), List.of(), null));
        var reactions = new java.util.HashMap<String, java.util.Set<String>>();
        for (int e = 0; e < Limits.MAX_REACTION_EMOJI; e++) {
            var users = new java.util.HashSet<String>();
            for (int u = 0; u < Limits.MAX_REACTION_USERS; u++) {
                users.add("\"".repeat(100) + "-" + e + "-" + u);
            }
            reactions.put("e" + e, users);
        }
        var stored = fixture.chat.messages.get(channelId + "|1");
        fixture.chat.messages.put(channelId + "|1", new Message(channelId, 1, stored.messageId(), "alice", stored.text(), List.of(),
                stored.createdAt(), null, false, reactions, "m1", null, null));

        var page = fixture.channels.history("alice", new Action.GetHistory(channelId, null, null, 50));

        assertThat(Replies.history("r", page).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Limits.MAX_HISTORY_RESPONSE_BYTES);
        assertThat(page.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo(stored.text());
            assertThat(m.reactions()).isNotEmpty();
        });
    }

    @Test
    void everyChannelAction_whenCallerIsNotAMember_isForbidden() {
        var channelId = fixture.groupWith("alice");

        assertThatThrownBy(() -> fixture.channels.history("mallory", new Action.GetHistory(channelId, null, null, 5)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.members("mallory", channelId, null)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.markRead("mallory", channelId, 0)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.channels.leave("mallory", channelId)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.presence.typing("mallory", channelId)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.attachments.requestUpload("mallory", channelId, "a.png", "image/png", 10))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.messages.react("mallory", new Action.React(channelId, 1, "x", false)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.messages.edit("mallory", new Action.EditMessage(channelId, 1, "x")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.messages.delete("mallory", new Action.DeleteMessage(channelId, 1)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void members_whenSomeAreOnline_saysWho() {
        var channelId = fixture.groupWith("alice", "bob");
        fixture.connections.connect("conn-a", "alice");

        var members = fixture.channels.members("bob", channelId, null);

        assertThat(members.page().items()).extracting(v -> v.member().userId() + ":" + v.online())
                .containsExactly("alice:true", "bob:false");
    }
}
