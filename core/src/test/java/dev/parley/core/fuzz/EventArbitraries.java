package dev.parley.core.fuzz;

import dev.parley.core.json.Json;
import dev.parley.core.model.Event;
import dev.parley.core.model.Message;
import dev.parley.core.model.NotificationPreferences;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotificationLevel;
import dev.parley.core.service.EventFrames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Records of the fan-out and notify queues: event envelopes of every type (docs/architecture.md, "Events") and the
 * fan-out's own shard, targets and retry jobs, valid and mutated, so that a poison record can be told from the rest.
 */
public final class EventArbitraries {

    private EventArbitraries() {
    }

    /**
     * A message posted by alice in the seeded group, mentioning bob: fan-out posts it to alice's connection, and notify
     * pushes it to bob, who is offline.
     */
    public static String goodMessagePosted() {
        var message = new Message(FuzzWorld.GROUP, 5, "m-5", "alice", "hi @bob", List.of(), 1, null, false, Map.of(), "cm-5", null, null);
        return Json.write(new Event("posted:" + FuzzWorld.GROUP + ":5", Event.MESSAGE_POSTED, FuzzWorld.GROUP, "alice", 1, List.of(),
                EventFrames.message(message)).toJson());
    }

    /** Queue records as a broken or hostile producer might send them; null stands for a record without a body. */
    public static Arbitrary<String> records() {
        var envelopes = envelopes();
        var jobs = Combinators.combine(Arbitraries.of("shard", "targets", "retry", "", "unknown"), envelopes,
                        Arbitraries.of(FuzzWorld.USERS).list().ofMaxSize(4), Arbitraries.integers().between(-2, 10)
                                .injectNull(0.3).map(round -> round == null ? Integer.MAX_VALUE : round))
                .as((kind, envelope, users, round) -> {
                    var job = Json.object().put("v", 1).put("kind", kind).put("round", round);
                    job.set("event", Json.parseTrusted(envelope));
                    var userIds = job.putArray("userIds");
                    users.forEach(userIds::add);
                    var targets = job.putObject("targets");
                    users.forEach(user -> targets.put(FuzzWorld.CONNECTION_PREFIX + user, user));
                    return Json.write(job);
                });
        var nested = Combinators.combine(Arbitraries.of("shard", "targets", "retry"), FrameArbitraries.hostile(envelopes))
                .as((kind, event) -> "{\"v\":1,\"kind\":\"" + kind + "\",\"targets\":{\"conn-alice\":\"alice\"},\"userIds\":[\"alice\"],"
                        + "\"event\":" + (event == null ? "null" : event) + "}");
        return Arbitraries.frequencyOf(
                Tuple.of(4, FrameArbitraries.hostile(envelopes)),
                Tuple.of(2, FrameArbitraries.hostile(jobs)),
                Tuple.of(1, nested)).injectNull(0.01);
    }

    private static Arbitrary<String> envelopes() {
        var message = Combinators.combine(Arbitraries.of(FuzzWorld.CHANNELS), Arbitraries.longs().between(1, 6),
                        Arbitraries.of("bob", "alice", "carol"), Arbitraries.oneOf(Arbitraries.of("hi @alice", "@bob @carol.", "@"),
                                Arbitraries.strings().all().ofMaxLength(300)))
                .as((channel, seq, sender, text) -> new Message(channel, seq, "m-" + seq, sender, text, List.of(), 1, null, false,
                        Map.of("👍", Set.of("alice")), "cm-" + seq, null, null));
        var frames = Arbitraries.oneOf(
                message.map(m -> Tuple.of(Event.MESSAGE_POSTED, m.channelId(), m.senderId(), EventFrames.message(m))),
                message.map(m -> Tuple.of(Event.MESSAGE_EDITED, m.channelId(), m.senderId(), EventFrames.messageEdited(m))),
                message.map(m -> Tuple.of(Event.MESSAGE_DELETED, m.channelId(), m.senderId(), EventFrames.messageDeleted(m, m.senderId()))),
                message.map(m -> Tuple.of(Event.REACTION_CHANGED, m.channelId(), "alice",
                        EventFrames.reaction(m.channelId(), m.seq(), "👍", "alice", false))),
                message.map(m -> Tuple.of(Event.READ, m.channelId(), "bob", EventFrames.read(m.channelId(), "bob", m.seq()))),
                message.map(m -> Tuple.of(Event.MEMBER_JOINED, m.channelId(), "carol", EventFrames.memberJoined(m.channelId(), "carol"))),
                message.map(m -> Tuple.of(Event.MEMBER_LEFT, m.channelId(), "bob", EventFrames.memberLeft(m.channelId(), "bob"))),
                message.map(m -> Tuple.of(Event.TYPING, m.channelId(), "bob", EventFrames.typing(m.channelId(), "bob"))),
                Arbitraries.of(FuzzWorld.USERS).map(user -> Tuple.of(Event.PRESENCE_CHANGED, (String) null, user,
                        EventFrames.presence(user, true, 1L))),
                Combinators.combine(Arbitraries.of(FuzzWorld.CHANNELS), Arbitraries.of(FuzzWorld.USERS),
                                Arbitraries.of(NotificationLevel.values()),
                                Arbitraries.longs().between(0, Limits.MAX_MUTED_UNTIL).injectNull(0.5))
                        .as((channel, user, level, until) -> Tuple.of(Event.NOTIFICATIONS_CHANGED, channel, user,
                                EventFrames.notificationsChanged(channel, new NotificationPreferences(level, until)))));
        return Combinators.combine(frames, Arbitraries.of(FuzzWorld.USERS).list().ofMaxSize(3), Arbitraries.of(true, false))
                .as((frame, userIds, toMembers) -> Json.write(new Event("e-" + frame.get1(), frame.get1(), frame.get2(), frame.get3(), 1,
                        userIds, frame.get4(), toMembers).toJson()));
    }
}
