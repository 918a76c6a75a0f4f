package dev.parley.core.store;

import dev.parley.core.fakes.InMemoryChat;

/** The channel store contract on the in-memory fake that the service tests use. */
class InMemoryChannelStoreTest extends ChannelStoreContract {

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
