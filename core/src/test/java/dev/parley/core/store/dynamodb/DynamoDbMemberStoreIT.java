package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.model.Page;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbMemberStoreIT {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMemberStore members;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbMemberStoreIT.class);
        channels = new DynamoDbChannelStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.members());
        members = new DynamoDbMemberStore(aws.enhanced(), aws.dynamoDb(), names.members());
    }

    @Test
    void listByChannel_whenPaged_visitsEveryMemberOnce() {
        var id = newChannel(7);

        var seen = new ArrayList<String>();
        String cursor = null;
        var pages = 0;
        do {
            Page<Member> page = members.listByChannel(id, cursor, 3);
            page.items().forEach(m -> seen.add(m.userId()));
            cursor = page.cursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4", "u5", "u6");
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void listByUser_whenPaged_listsTheUsersChannels() {
        var mine = List.of(newChannel(1), newChannel(1), newChannel(1));
        newChannel(0);

        var stranger = members.listByUser("stranger-" + UUID.randomUUID(), null, 2);
        var ids = new ArrayList<String>();
        var page = members.listByUser("u0", null, 2);
        page.items().forEach(m -> ids.add(m.channelId()));
        while (page.cursor() != null) {
            page = members.listByUser("u0", page.cursor(), 2);
            page.items().forEach(m -> ids.add(m.channelId()));
        }

        assertThat(stranger.items()).isEmpty();
        assertThat(stranger.cursor()).isNull();
        assertThat(ids).containsAll(mine).doesNotHaveDuplicates();
    }

    @Test
    void listByChannel_whenCursorOfAnotherListing_isBadRequest() {
        var id = newChannel(3);
        var other = newChannel(3);
        var cursor = members.listByChannel(id, null, 1).cursor();

        assertThat(cursor).isNotNull();
        assertThatThrownBy(() -> members.listByChannel(other, cursor, 1)).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> members.listByUser("u0", cursor, 1)).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> members.listByChannel(id, "not-a-cursor", 1)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void forEachPage_whenChannelIsLargerThanAPage_deliversEveryMember() {
        var id = newChannel(1);
        for (var i = 1; i < DynamoDbMemberStore.PAGE_SIZE + 20; i++) {
            channels.addMember(new Member(id, "many-" + i, Member.MEMBER, 1L, 0L, false));
        }

        var pages = new ArrayList<List<Member>>();
        members.forEachPage(id, pages::add);

        assertThat(pages).hasSize(2);
        assertThat(pages.stream().mapToInt(List::size).sum()).isEqualTo(DynamoDbMemberStore.PAGE_SIZE + 20);
    }

    @Test
    void advanceRead_whenMovingBackwards_isRefused() {
        var id = newChannel(1);

        var forward = members.advanceRead(id, "u0", 5);
        var same = members.advanceRead(id, "u0", 5);
        var backwards = members.advanceRead(id, "u0", 3);
        var stranger = members.advanceRead(id, "nobody", 9);

        assertThat(forward).isTrue();
        assertThat(same).isFalse();
        assertThat(backwards).isFalse();
        assertThat(stranger).isFalse();
        assertThat(members.find(id, "u0")).get().extracting(Member::lastReadSeq).isEqualTo(5L);
        assertThat(members.find(id, "nobody")).isEmpty();
    }

    private static String newChannel(int memberCount) {
        var id = "c-" + UUID.randomUUID();
        var list = new ArrayList<Member>();
        for (var i = 0; i < memberCount; i++) {
            list.add(new Member(id, "u" + i, i == 0 ? Member.OWNER : Member.MEMBER, 1L, 0L, false));
        }
        channels.create(new Channel(id, "general", ChannelKind.GROUP, "u0", 1L, 0L, 0L), list);
        return id;
    }
}
