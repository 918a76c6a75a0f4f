package dev.parley.core.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Channel;
import dev.parley.core.model.Member;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.ChannelStoreContract;
import dev.parley.core.store.MemberStore;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The channel store contract on DynamoDB Local. */
class DynamoDbChannelStoreIT extends ChannelStoreContract {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMemberStore members;
    private static String channelsTable;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbChannelStoreIT.class);
        channelsTable = names.channels();
        channels = new DynamoDbChannelStore(aws.enhanced(), aws.dynamoDb(), names.channels(), names.members());
        members = new DynamoDbMemberStore(aws.enhanced(), aws.dynamoDb(), names.members());
    }

    /** A channel stored before owners were counted has no {@code ownerCount}: the first owner change counts them. */
    @Test
    void setRole_whenTheChannelHasNoOwnerCountYet_countsTheOwnersFirst() {
        var id = "c-" + UUID.randomUUID();
        channels.create(new Channel(id, "general", ChannelKind.GROUP, "alice", 1L, 0L, 0L), List.of(
                new Member(id, "alice", Member.OWNER, 1L, 0L, false), new Member(id, "bob", Member.OWNER, 1L, 0L, false),
                new Member(id, "carol", Member.MEMBER, 1L, 0L, false)));
        LocalAws.shared().dynamoDb().updateItem(UpdateItemRequest.builder().tableName(channelsTable)
                .key(Map.of("channelId", AttributeValue.fromS(id))).updateExpression("REMOVE ownerCount").build());

        assertThat(channels.setRole(id, "alice", Member.MEMBER)).isEqualTo(ChannelStore.RoleResult.CHANGED);
        assertThat(channels.find(id)).get().extracting(Channel::ownerCount).isEqualTo(1L);
        assertThat(channels.removeMember(id, "bob")).isEqualTo(ChannelStore.RemoveResult.LAST_OWNER);
    }

    @Override
    protected ChannelStore channels() {
        return channels;
    }

    @Override
    protected MemberStore members() {
        return members;
    }
}
