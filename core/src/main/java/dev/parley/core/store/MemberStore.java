package dev.parley.core.store;

import dev.parley.core.model.Member;
import dev.parley.core.model.Page;
import dev.parley.core.protocol.NotificationLevel;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Members by channel and by user. Members are written through {@link ChannelStore}, which keeps the member count; this
 * port reads them and moves read positions.
 */
public interface MemberStore {

    Optional<Member> find(String channelId, String userId);

    /**
     * One page of a channel's members, at most {@code limit}; {@code cursor} is null for the first page, else the cursor of
     * the page before, and the last page has none.
     *
     * @throws InvalidCursorException when {@code cursor} is not one this listing of this channel handed out
     */
    Page<Member> listByChannel(String channelId, String cursor, int limit);

    /**
     * One page of a user's memberships, as {@link #listByChannel}; an unknown user has an empty page without a cursor.
     *
     * @throws InvalidCursorException when {@code cursor} is not one this listing of this user handed out
     */
    Page<Member> listByUser(String userId, String cursor, int limit);

    /** Every member of a channel, delivered page by page so that a large channel is never held at once. */
    void forEachPage(String channelId, Consumer<List<Member>> page);

    /** Moves {@code lastReadSeq} forward to {@code seq}; false when it was already there or beyond, or for a non-member. */
    boolean advanceRead(String channelId, String userId, long seq);

    /**
     * Stores a member's notification preferences, changing no other attribute of the membership (read positions move
     * meanwhile) and clearing the flag {@code muted} that memberships stored before levels existed; a null
     * {@code mutedUntil} clears the mute. Returns the membership as stored, or nothing for a non-member.
     */
    Optional<Member> setNotifications(String channelId, String userId, NotificationLevel level, Long mutedUntil);
}
