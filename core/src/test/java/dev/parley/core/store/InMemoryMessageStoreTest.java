package dev.parley.core.store;

import dev.parley.core.fakes.InMemoryChat;

/** The message store contract on the in-memory fake that the service tests use. */
class InMemoryMessageStoreTest extends MessageStoreContract {

    private final InMemoryChat chat = new InMemoryChat();

    @Override
    protected ChannelStore channels() {
        return chat.channelStore;
    }

    @Override
    protected MessageStore messages() {
        return chat.messageStore;
    }

    @Override
    protected HistoryStore history() {
        return chat.messageStore;
    }

    @Override
    protected ThreadStore threads() {
        return chat.threadStore;
    }
}
