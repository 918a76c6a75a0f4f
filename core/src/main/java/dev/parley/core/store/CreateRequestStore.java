package dev.parley.core.store;

import dev.parley.core.model.CreateRequest;

/** Remembered {@code createChannel} requests, each until its {@code expiresAt}. */
public interface CreateRequestStore {

    /**
     * Stores the request unless one with its key is still in force at {@code nowEpochSeconds}.
     *
     * @return the request in force after the call: this one, or the one stored before it
     */
    CreateRequest claim(CreateRequest request, long nowEpochSeconds);
}
