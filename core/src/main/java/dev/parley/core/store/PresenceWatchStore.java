package dev.parley.core.store;

import dev.parley.core.model.PresenceWatch;
import java.util.List;

public interface PresenceWatchStore {

    void putAll(List<PresenceWatch> watches);

    /** The connections watching a user. */
    List<PresenceWatch> watchersOf(String watchedUserId);

    void remove(String watchedUserId, String connectionId);
}
