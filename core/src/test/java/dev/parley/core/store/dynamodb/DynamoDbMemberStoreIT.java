package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Member;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.MemberStoreContract;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The member store contract on DynamoDB Local, and the page size of a full walk. */
class DynamoDbMemberStoreIT extends MemberStoreContract {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMemberStore members;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbMemberStoreIT.class);
        channels = new DynamoDbChannelStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.members());
        members = new DynamoDbMemberStore(aws.enhanced(), aws.dynamoDb(), names.members());
    }

    @Override
    protected ChannelStore channels() {
        return channels;
    }

    @Override
    protected MemberStore members() {
        return members;
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
}
