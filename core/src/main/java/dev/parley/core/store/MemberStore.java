package dev.parley.core.store;

import dev.parley.core.model.Member;
import dev.parley.core.model.Page;
import java.util.Optional;
import java.util.function.Consumer;

public interface MemberStore {

    Optional<Member> find(String channelId, String userId);

    Page<Member> listByChannel(String channelId, String cursor, int limit);

    Page<Member> listByUser(String userId, String cursor, int limit);

    /** Every member of a channel, delivered page by page so that a large channel is never held at once. */
    void forEachPage(String channelId, Consumer<java.util.List<Member>> page);

    /** Moves {@code lastReadSeq} forward to {@code seq}; false when it was already there or beyond. */
    boolean advanceRead(String channelId, String userId, long seq);
}
