package dev.parley.core.store;

import dev.parley.core.model.Presence;
import java.util.Collection;
import java.util.Map;

public interface PresenceStore {

    /** Adds a live connection; true when the user had none before (went online). */
    boolean addConnection(String userId, String connectionId, long now);

    /** Drops a connection; true when it was the user's last one (went offline). */
    boolean removeConnection(String userId, String connectionId, long now);

    /** Presence of each known user among {@code userIds}; users never seen are absent. */
    Map<String, Presence> findAll(Collection<String> userIds);
}
