package dev.parley.core.store;

import dev.parley.core.fakes.InMemoryChat;

/** The member store contract on the in-memory fake that the service tests use. */
class InMemoryMemberStoreTest extends MemberStoreContract {

    private final InMemoryChat chat = new InMemoryChat();

    @Override
    protected ChannelStore channels() {
        return chat.channelStore;
    }

    @Override
    protected MemberStore members() {
        return chat.memberStore;
    }
}
