package dev.parley.core.service;

import dev.parley.core.model.Message;
import dev.parley.core.store.HistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fills the holes of a history page. A seq is handed out before its message is written; when the sender dies in
 * between, nothing else would ever write it. Once the seq is older than any send can still take, a reader that
 * finds it empty writes a skipped entry there, so every client sees the same contiguous sequence. A send that
 * comes later finds its seq taken and takes another, so nothing is lost.
 */
final class SequenceHoles {

    /** Longer than a send can take between taking a seq and writing it: the send-message function's timeout, and more. */
    static final Duration GRACE = Duration.ofSeconds(15);
    private static final int MAX_FILLS = 100;

    private final HistoryStore messages;
    private final Clock clock;

    SequenceHoles(HistoryStore messages, Clock clock) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The page with its holes in {@code [low, high]} filled where the seq is old enough; {@code high} may be null for
     * "up to the channel's last seq". Holes still young stay holes: their send may be under way.
     */
    List<Message> fill(String channelId, List<Message> page, long low, Long high) {
        var bySeq = new TreeMap<Long, Message>();
        page.forEach(message -> bySeq.put(message.seq(), message));
        Optional<HistoryStore.Sequence> sequence = Optional.empty();
        var top = high;
        if (top == null) {
            sequence = messages.sequence(channelId);
            top = sequence.map(HistoryStore.Sequence::lastSeq).orElse(0L);
        }
        var now = clock.millis();
        var fills = 0;
        for (long seq = Math.max(1, low); seq <= top && fills < MAX_FILLS; seq++) {
            if (bySeq.containsKey(seq)) {
                continue;
            }
            var later = bySeq.ceilingEntry(seq);
            long takenBy;
            if (later != null) {
                takenBy = later.getValue().createdAt();
            } else {
                if (sequence.isEmpty()) {
                    sequence = messages.sequence(channelId);
                }
                // A seq the channel has not handed out yet is no hole: a send will take it.
                if (seq > sequence.map(HistoryStore.Sequence::lastSeq).orElse(0L)) {
                    break;
                }
                takenBy = sequence.map(HistoryStore.Sequence::lastAllocatedAt).orElse(now);
            }
            if (now - takenBy < GRACE.toMillis()) {
                continue;
            }
            fills++;
            var expiresAt = later == null ? null : later.getValue().expiresAt();
            if (messages.skip(channelId, seq, now, expiresAt)) {
                bySeq.put(seq, Message.skipped(channelId, seq, now, expiresAt));
            } else {
                final var stored = seq;
                messages.find(channelId, stored).ifPresent(message -> bySeq.put(stored, message));
            }
        }
        var filled = new ArrayList<>(bySeq.values());
        filled.sort(Comparator.comparingLong(Message::seq));
        return filled;
    }
}
