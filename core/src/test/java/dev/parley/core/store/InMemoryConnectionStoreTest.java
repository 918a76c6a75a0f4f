package dev.parley.core.store;

import dev.parley.core.fakes.InMemoryChat;

/** The connection store contract on the in-memory fake that the service tests use. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {

    private final InMemoryChat chat = new InMemoryChat();

    @Override
    protected ConnectionStore connections() {
        return chat.connectionStore;
    }
}
