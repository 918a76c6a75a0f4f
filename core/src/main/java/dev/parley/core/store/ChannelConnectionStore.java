package dev.parley.core.store;

import dev.parley.core.model.ChannelConnection;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live connections of each channel's members, kept as connections open and close and members join and leave,
 * so that fan-out reads the connections that are online instead of every member and every member's presence.
 */
public interface ChannelConnectionStore {

    /** Records the entries; they expire at {@code expiresAt} (epoch seconds) if nothing removes them first. */
    void putAll(Collection<ChannelConnection> entries, long expiresAt);

    /** Forgets the entries; absent ones are ignored. */
    void removeAll(Collection<ChannelConnection> entries);

    /** The live entries of a channel, page by page. */
    void forEachPage(String channelId, Consumer<List<ChannelConnection>> page);
}
