package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.NotificationPreferences;
import dev.parley.core.model.Page;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.NotificationLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@link MemberStore} promises, whatever keeps it: run against the in-memory fake and against DynamoDB. */
public abstract class MemberStoreContract {

    /** Writes the members this store reads. */
    protected abstract ChannelStore channels();

    protected abstract MemberStore members();

    @Test
    void listByChannel_whenPaged_visitsEveryMemberOnce() {
        var id = newChannel(7);

        var seen = new ArrayList<String>();
        String cursor = null;
        var pages = 0;
        do {
            Page<Member> page = members().listByChannel(id, cursor, 3);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(m -> seen.add(m.userId()));
            cursor = page.cursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4", "u5", "u6");
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void listByUser_whenPaged_listsTheUsersChannels() {
        var user = "u-" + UUID.randomUUID();
        var mine = List.of(newChannel(user, 1), newChannel(user, 2), newChannel(user, 1));
        newChannel(1);

        var stranger = members().listByUser("stranger-" + UUID.randomUUID(), null, 2);
        var ids = new ArrayList<String>();
        var page = members().listByUser(user, null, 2);
        page.items().forEach(m -> ids.add(m.channelId()));
        while (page.cursor() != null) {
            page = members().listByUser(user, page.cursor(), 2);
            page.items().forEach(m -> ids.add(m.channelId()));
        }

        assertThat(stranger.items()).isEmpty();
        assertThat(stranger.cursor()).isNull();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void listByChannel_whenCursorOfAnotherListingOrForged_throwsInvalidCursor() {
        var id = newChannel(3);
        var other = newChannel(3);
        var cursor = members().listByChannel(id, null, 1).cursor();

        assertThat(cursor).isNotNull();
        assertThatThrownBy(() -> members().listByChannel(other, cursor, 1)).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> members().listByUser("u0", cursor, 1)).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> members().listByChannel(id, "not-a-cursor", 1)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void listByUser_whenCursorOfAnotherUser_throwsInvalidCursor() {
        var user = "u-" + UUID.randomUUID();
        newChannel(user, 1);
        newChannel(user, 1);
        var cursor = members().listByUser(user, null, 1).cursor();

        assertThat(cursor).isNotNull();
        assertThatThrownBy(() -> members().listByUser("someone-else", cursor, 1)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void forEachPage_whenManyMembers_deliversEachOnce() {
        var id = newChannel(25);

        var seen = new ArrayList<String>();
        members().forEachPage(id, page -> page.forEach(member -> seen.add(member.userId())));

        assertThat(seen).hasSize(25).doesNotHaveDuplicates().allSatisfy(user -> assertThat(user).startsWith("u"));
    }

    @Test
    void advanceRead_whenMovingBackwards_isRefused() {
        var id = newChannel(1);

        var forward = members().advanceRead(id, "u0", 5);
        var same = members().advanceRead(id, "u0", 5);
        var backwards = members().advanceRead(id, "u0", 3);
        var stranger = members().advanceRead(id, "nobody", 9);

        assertThat(forward).isTrue();
        assertThat(same).isFalse();
        assertThat(backwards).isFalse();
        assertThat(stranger).isFalse();
        assertThat(members().find(id, "u0")).get().extracting(Member::lastReadSeq).isEqualTo(5L);
        assertThat(members().find(id, "nobody")).isEmpty();
    }

    @Test
    void setNotifications_whenAMemberSetsThem_storesOnlyThemAndAnswersTheMembershipAsStored() {
        var user = "u-" + UUID.randomUUID();
        var id = newChannel(user, 2);
        members().advanceRead(id, user, 4);

        var stored = members().setNotifications(id, user, NotificationLevel.MENTIONS, 1_700_000_000_000L);

        var expected = new Member(id, user, Member.OWNER, 1L, 4L, false, NotificationLevel.MENTIONS, 1_700_000_000_000L);
        assertThat(stored).contains(expected);
        assertThat(members().find(id, user)).contains(expected);
        assertThat(members().listByUser(user, null, 10).items()).containsExactly(expected);
        assertThat(members().find(id, "other1")).get().extracting(Member::notifications).isEqualTo(NotificationPreferences.DEFAULT);
    }

    @Test
    void setNotifications_whenMutedUntilIsNull_removesTheMute() {
        var id = newChannel(1);
        members().setNotifications(id, "u0", NotificationLevel.ALL, 5L);

        var stored = members().setNotifications(id, "u0", NotificationLevel.NONE, null);

        assertThat(stored).get().extracting(Member::notifications).isEqualTo(new NotificationPreferences(NotificationLevel.NONE, null));
        assertThat(members().find(id, "u0")).get().extracting(Member::mutedUntil).isNull();
    }

    @Test
    void setNotifications_whenTheMembershipWasStoredMuted_replacesTheFlag() {
        var id = "c-" + UUID.randomUUID();
        channels().create(new Channel(id, "general", ChannelKind.GROUP, "u0", 1L, 0L, 0L),
                List.of(new Member(id, "u0", Member.OWNER, 1L, 0L, true)));

        var legacy = members().find(id, "u0").orElseThrow().notifications();
        var stored = members().setNotifications(id, "u0", NotificationLevel.ALL, null);

        assertThat(legacy).isEqualTo(new NotificationPreferences(NotificationLevel.NONE, null));
        assertThat(stored).get().extracting(Member::muted).isEqualTo(false);
        assertThat(members().find(id, "u0")).get().extracting(Member::notifications).isEqualTo(NotificationPreferences.DEFAULT);
    }

    @Test
    void setNotifications_whenNotAMember_answersNothingAndStoresNothing() {
        var id = newChannel(1);

        assertThat(members().setNotifications(id, "nobody", NotificationLevel.NONE, null)).isEmpty();
        assertThat(members().setNotifications("c-" + UUID.randomUUID(), "u0", NotificationLevel.NONE, null)).isEmpty();
        assertThat(members().find(id, "nobody")).isEmpty();
    }

    @Test
    void advanceRead_whenPreferencesAreSet_keepsThem() {
        var id = newChannel(1);
        members().setNotifications(id, "u0", NotificationLevel.MENTIONS, 9L);

        members().advanceRead(id, "u0", 3);

        assertThat(members().find(id, "u0")).get().extracting(Member::notifications)
                .isEqualTo(new NotificationPreferences(NotificationLevel.MENTIONS, 9L));
    }

    /** A channel whose members are {@code u0} (the owner) to {@code u<n-1>}. */
    protected String newChannel(int memberCount) {
        var id = "c-" + UUID.randomUUID();
        var list = new ArrayList<Member>();
        for (var i = 0; i < memberCount; i++) {
            list.add(new Member(id, "u" + i, i == 0 ? Member.OWNER : Member.MEMBER, 1L, 0L, false));
        }
        channels().create(new Channel(id, "general", ChannelKind.GROUP, "u0", 1L, 0L, 0L), list);
        return id;
    }

    /** A channel of {@code size} members, {@code user} its owner. */
    private String newChannel(String user, int size) {
        var id = "c-" + UUID.randomUUID();
        var list = new ArrayList<Member>();
        list.add(new Member(id, user, Member.OWNER, 1L, 0L, false));
        for (var i = 1; i < size; i++) {
            list.add(new Member(id, "other" + i, Member.MEMBER, 1L, 0L, false));
        }
        channels().create(new Channel(id, "general", ChannelKind.GROUP, user, 1L, 0L, 0L), list);
        return id;
    }
}
