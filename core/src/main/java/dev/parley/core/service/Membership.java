package dev.parley.core.service;

import dev.parley.core.model.Member;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.store.MemberStore;
import java.util.Objects;

/** The membership check every channel action starts with. */
public final class Membership {

    private final MemberStore members;

    public Membership(MemberStore members) {
        this.members = Objects.requireNonNull(members, "members");
    }

    /**
     * The caller's membership. A channel that does not exist is refused the same way as one the caller is not
     * in, so a non-member learns nothing about which channels exist.
     */
    public Member require(String channelId, String userId) {
        return members.find(channelId, userId)
                .orElseThrow(() -> new ForbiddenException("not a member of channel " + channelId));
    }
}
