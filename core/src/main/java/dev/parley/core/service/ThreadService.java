package dev.parley.core.service;

import dev.parley.core.model.Message;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.service.Results.ThreadPage;
import dev.parley.core.store.HistoryStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.ThreadStore;
import java.util.List;
import java.util.Objects;

/**
 * Reading threads. The root is read consistently, so its summary is current; the replies come from the thread index,
 * which may lag a reply stored a moment ago: the root's {@code lastReplySeq} tells a client whether the page it got
 * reaches the latest reply.
 */
public final class ThreadService {

    private final HistoryStore messages;
    private final ThreadStore threads;
    private final Membership membership;

    public ThreadService(MemberStore members, HistoryStore messages, ThreadStore threads) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.membership = new Membership(Objects.requireNonNull(members, "members"));
    }

    /**
     * The root at {@code threadSeq} and its replies after {@code afterSeq} (all of them from 0 or none given), oldest
     * first, within the limit and the response budget. Any stored message can be a root, one with no replies too; a
     * reply cannot: threads are one level deep, and the refusal names the thread the reply belongs to.
     */
    public ThreadPage thread(String userId, Action.GetThread action) {
        var channelId = action.channelId();
        var afterSeq = action.afterSeq() == null ? 0 : action.afterSeq();
        // The three reads are independent; a non-member learns nothing from them, since membership is answered first.
        var member = Concurrently.call(() -> membership.require(channelId, userId));
        var found = Concurrently.call(() -> messages.find(channelId, action.threadSeq()));
        var replies = Concurrently.call(() -> threads.replies(channelId, action.threadSeq(), afterSeq, action.limit() + 1));
        member.join();
        var root = found.join().filter(message -> !message.skipped())
                .orElseThrow(() -> new NotFoundException("no message " + action.threadSeq() + " in channel " + channelId));
        if (root.isReply()) {
            throw new BadRequestException("message " + root.seq() + " is a reply in the thread of message " + root.threadSeq()
                    + "; ask for thread " + root.threadSeq());
        }
        var page = replies.join();
        var hasMore = page.size() > action.limit();
        if (hasMore) {
            page = page.subList(0, action.limit());
        }
        // The root takes at most half the response, its reactions cut to fit; the replies have what it leaves.
        var shownRoot = HistoryBudget.fit(List.of(root), true, HistoryBudget.MESSAGES_BYTES / 2).getFirst();
        var budget = HistoryBudget.MESSAGES_BYTES - HistoryBudget.bytes(shownRoot) - 1;
        List<Message> fitting = HistoryBudget.fit(page, true, budget);
        return new ThreadPage(channelId, shownRoot, fitting, hasMore || fitting.size() < page.size());
    }
}
