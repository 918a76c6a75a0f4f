package dev.parley.core.store.dynamodb;

import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.ChannelStoreContract;
import dev.parley.core.store.MemberStore;
import dev.parley.core.testing.LocalAws;
import dev.parley.core.testing.LocalTables;
import org.junit.jupiter.api.BeforeAll;

/** The channel store contract on DynamoDB Local. */
class DynamoDbChannelStoreIT extends ChannelStoreContract {

    private static DynamoDbChannelStore channels;
    private static DynamoDbMemberStore members;

    @BeforeAll
    static void tables() {
        var aws = LocalAws.shared();
        var names = LocalTables.create(DynamoDbChannelStoreIT.class);
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
}
