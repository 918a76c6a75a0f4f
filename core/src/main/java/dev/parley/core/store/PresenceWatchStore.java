package dev.parley.core.store;

import dev.parley.core.model.PresenceWatch;
import java.util.List;
import java.util.Set;

public interface PresenceWatchStore {

    void putAll(List<PresenceWatch> watches);

    /** The connections watching a user. */
    List<PresenceWatch> watchersOf(String watchedUserId);

    void remove(String watchedUserId, String connectionId);

    /** Every user a connection has subscribed to, over all its subscriptions. */
    Set<String> watchedBy(String connectionId);

    /**
     * Adds users to a connection's watch list if the list still holds {@code expectedSize} users. The list only grows,
     * so an unchanged size means an unchanged list.
     *
     * @return false when another subscription changed the list first (nothing written)
     */
    boolean addWatched(String connectionId, int expectedSize, Set<String> added, long expiresAt);
}
