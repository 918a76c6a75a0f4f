package dev.parley.core.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Device;
import dev.parley.core.model.Event;
import dev.parley.core.model.MalformedRecordException;
import dev.parley.core.model.Member;
import dev.parley.core.model.Presence;
import dev.parley.core.protocol.ChannelKind;
import dev.parley.core.protocol.Limits;
import dev.parley.core.protocol.NotificationLevel;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.DelayedQueue;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PushGateway;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Push notifications for members who are not connected: not the sender, not one who has read the message or joined
 * after it was posted, and only as the member's notification preferences for the channel allow (level {@code all}:
 * every message; {@code mentions}: those that mention them; {@code none} or a mute not yet over: nothing); in a large
 * channel only those mentioned (by the ids the send stored, or all with {@code <!channel>}, which only an owner may use
 * there); at most one push per user and channel per coalescing window, and at most one push per event and user however
 * often the queue delivers the event. The messages a window held back are summed up in one push when the window closes
 * ("3 new messages in #general"), from a record the window's first held-back message puts on the queue; the summary
 * follows the preferences as they are when it is due, and to a member at level {@code mentions} it counts only the
 * mentions held back.
 */
public final class NotifyService {

    public static final int LARGE_CHANNEL_MEMBERS = 50;
    public static final Duration COALESCING_WINDOW = Duration.ofSeconds(60);
    /** The start of the key of a member's coalescing window in a channel: {@code push#<userId>#<channelId>}. */
    public static final String COALESCING_CLAIM_PREFIX = "push#";
    private static final int PREVIEW_CHARS = 140;
    private static final int PRESENCE_BATCH = 100;
    /** How many offline members of one message are pushed at the same time. */
    static final int PUSH_CONCURRENCY = 16;

    /** The type of the record that asks for a window's summary, on the same queue as the events. */
    public static final String SUMMARY_DUE = "push.summary";

    /** What one record led to, for metrics: pushes of a message, messages held back, endpoint pushes, summaries pushed. */
    public record Notified(int pushed, int coalesced, int endpoints, int summaries) {
        static final Notified NOTHING = new Notified(0, 0, 0, 0);
    }

    /**
     * A window's summary is due: the messages held back from {@code userId} in {@code channelId} in the window that ends
     * at {@code windowEnd} (epoch seconds). {@code senderId} sent one of them; in a direct channel, all of them.
     */
    record SummaryDue(String userId, String channelId, long windowEnd, String senderId) {

        SummaryDue {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(senderId, "senderId");
        }

        String toJson() {
            return Json.write(Json.object().put("v", 1).put("type", SUMMARY_DUE).put("userId", userId).put("channelId", channelId)
                    .put("windowEnd", windowEnd).put("senderId", senderId));
        }

        static SummaryDue fromJson(JsonNode node) {
            if (node.path("v").asInt() != 1 || !node.path("windowEnd").canConvertToExactIntegral()) {
                throw new MalformedRecordException("summary record is not version 1 with a windowEnd");
            }
            for (var field : List.of("userId", "channelId", "senderId")) {
                if (!node.path(field).isTextual()) {
                    throw new MalformedRecordException("summary record has no " + field);
                }
            }
            return new SummaryDue(node.get("userId").textValue(), node.get("channelId").textValue(), node.get("windowEnd").asLong(),
                    node.get("senderId").textValue());
        }

        /** The count of held-back messages, kept apart per window so that a new window never adds to an old one's summary. */
        String counterKey() {
            return "held#" + userId + "#" + channelId + "#" + windowEnd;
        }

        /** The count of those held-back messages that mention the user, for a member who wants mentions only. */
        String mentionsCounterKey() {
            return "heldMentions#" + userId + "#" + channelId + "#" + windowEnd;
        }
    }

    private final ChannelStore channels;
    private final MemberStore members;
    private final PresenceStore presence;
    private final DeviceStore devices;
    private final ThrottleStore throttles;
    private final PushGateway push;
    private final DelayedQueue summaries;
    private final Clock clock;
    private final Duration redeliveryWindow;

    /**
     * {@code redeliveryWindow} is how long the queue may hand the same event over again (every receive up to the
     * dead-letter queue); the record of who was pushed for an event is kept that long, so a redelivery pushes no one twice.
     * {@code summaries} is the queue this service reads its records from, where it puts the records of summaries due.
     */
    public NotifyService(ChannelStore channels, MemberStore members, PresenceStore presence, DeviceStore devices,
                         ThrottleStore throttles, PushGateway push, DelayedQueue summaries, Clock clock, Duration redeliveryWindow) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.members = Objects.requireNonNull(members, "members");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.push = Objects.requireNonNull(push, "push");
        this.summaries = Objects.requireNonNull(summaries, "summaries");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redeliveryWindow = Objects.requireNonNull(redeliveryWindow, "redeliveryWindow");
        if (redeliveryWindow.compareTo(COALESCING_WINDOW) < 0) {
            throw new IllegalArgumentException("redeliveryWindow " + redeliveryWindow + " is shorter than the coalescing window");
        }
    }

    /**
     * The users a posted message mentions, as its send stored them (members of the channel then), and whether it
     * mentions {@code <!channel>}. {@code <!here>} calls on those connected, whom no push is for.
     */
    record Mentioned(Set<String> userIds, boolean everyone) {

        static Mentioned of(JsonNode frame) {
            var mentions = frame.path("mentions");
            var userIds = new LinkedHashSet<String>();
            for (var userId : mentions.path("userIds")) {
                if (userId.isTextual() && userIds.size() < Limits.MAX_MENTIONS) {
                    userIds.add(userId.textValue());
                }
            }
            return new Mentioned(userIds, mentions.path("channel").asBoolean(false));
        }

        boolean includes(String userId) {
            return everyone || userIds.contains(userId);
        }
    }

    /**
     * Handles one queue record: an event, or a summary due.
     *
     * @throws MalformedRecordException for a record that is neither (a poison record)
     */
    public Notified notify(String recordBody) {
        return batch().notify(recordBody);
    }

    /**
     * A batch of records handled at one moment: a channel, its member list and a user's presence are read once for
     * the whole batch, so a busy channel's messages cost one read of each, not one per message.
     */
    public Batch batch() {
        return new Batch();
    }

    /** The reads of one batch. */
    public final class Batch {

        private final Map<String, Optional<Channel>> channelsRead = new HashMap<>();
        private final Map<String, List<Member>> membersRead = new HashMap<>();
        private final Map<String, Optional<Presence>> presenceRead = new HashMap<>();

        private Batch() {
        }

        /**
         * Handles one queue record: an event, or a summary due.
         *
         * @throws MalformedRecordException for a record that is neither (a poison record)
         */
        public Notified notify(String recordBody) {
            JsonNode record;
            try {
                record = Json.parse(recordBody);
            } catch (JsonProcessingException e) {
                throw MalformedRecordException.notJson(e);
            }
            if (record != null && SUMMARY_DUE.equals(record.path("type").asText())) {
                return summarize(SummaryDue.fromJson(record));
            }
            var event = Event.fromJson(record);
            if (!Event.MESSAGE_POSTED.equals(event.type()) || event.channelId() == null) {
                return Notified.NOTHING;
            }
            var channel = channelsRead.computeIfAbsent(event.channelId(), channels::find);
            if (channel.isEmpty()) {
                return Notified.NOTHING;
            }
            var mentioned = Mentioned.of(event.frame());
            var large = channel.get().memberCount() > LARGE_CHANNEL_MEMBERS;
            var candidates = new ArrayList<String>();
            var nowMillis = clock.millis();
            if (large && !mentioned.everyone()) {
                // Mentions only: read the mentioned memberships, never the whole member list, so a message to a large
                // channel costs what its mentions cost. They are read again because a mentioned user may have left or
                // muted the channel since the send.
                for (var userId : mentioned.userIds()) {
                    members.find(event.channelId(), userId)
                            .filter(member -> wantsPush(member, event, mentioned, nowMillis))
                            .ifPresent(member -> candidates.add(member.userId()));
                }
            } else {
                for (var member : membersRead.computeIfAbsent(event.channelId(), this::allMembers)) {
                    if (wantsPush(member, event, mentioned, nowMillis)) {
                        candidates.add(member.userId());
                    }
                }
            }
            readPresence(candidates);
            var offline = candidates.stream()
                    .filter(userId -> !presenceRead.get(userId).map(Presence::online).orElse(false))
                    .toList();
            var channelName = channel.get().name();
            var nowSeconds = nowMillis / 1000;
            var outcomes = eachAtOnce(offline, userId -> pushOrHoldBack(userId, event, mentioned, channelName, nowSeconds));
            int pushed = 0;
            int coalesced = 0;
            int endpoints = 0;
            for (var outcome : outcomes) {
                pushed += outcome.pushed() ? 1 : 0;
                coalesced += outcome.coalesced() ? 1 : 0;
                endpoints += outcome.endpoints();
            }
            return new Notified(pushed, coalesced, endpoints, 0);
        }

        /**
         * One offline member and one posted message: pushed when the member's coalescing window is free, otherwise held
         * back for the window's summary; nothing when an earlier delivery of the event pushed them already.
         */
        private Outcome pushOrHoldBack(String userId, Event event, Mentioned mentioned, String channelName, long nowSeconds) {
            var claim = COALESCING_CLAIM_PREFIX + userId + "#" + event.channelId();
            var window = throttles.claimOrFindHolder(claim, nowSeconds + COALESCING_WINDOW.toSeconds(), nowSeconds);
            if (!window.taken()) {
                holdBack(event, userId, mentioned.includes(userId), window.expiresAt(), nowSeconds);
                return Outcome.COALESCED;
            }
            // The coalescing claim is gone by the time the queue redelivers a failed record, so who was pushed for
            // this event is kept apart, as long as a redelivery can come.
            var pushedFor = pushedFor(event, userId);
            if (!throttles.claim(pushedFor, nowSeconds + redeliveryWindow.toSeconds(), nowSeconds)) {
                throttles.release(claim);
                return Outcome.NONE;
            }
            try {
                var kind = mentioned.includes(userId) ? "mention" : "message";
                return new Outcome(true, false, send(userId, kind, channelName, event));
            } catch (RuntimeException e) {
                throttles.release(pushedFor);
                throttles.release(claim);
                throw e;
            }
        }

        /**
         * Counts a message held back from a user in the window that ends at {@code windowEnd}, once per event and user
         * (the per-event record that a push would have written), and puts the window's summary on the queue when this is
         * the window's first.
         */
        private void holdBack(Event event, String userId, boolean mentionsUser, long windowEnd, long nowSeconds) {
            var due = new SummaryDue(userId, event.channelId(), windowEnd, event.actorId());
            var pushedFor = pushedFor(event, userId);
            boolean schedule;
            if (throttles.claim(pushedFor, nowSeconds + redeliveryWindow.toSeconds(), nowSeconds)) {
                try {
                    if (mentionsUser) {
                        throttles.add(due.mentionsCounterKey(), 1, windowEnd + redeliveryWindow.toSeconds());
                    }
                    schedule = throttles.add(due.counterKey(), 1, windowEnd + redeliveryWindow.toSeconds()) == 1;
                } catch (RuntimeException e) {
                    throttles.release(pushedFor);
                    throw e;
                }
            } else {
                // An earlier delivery of this event counted it (or pushed it) and may have failed before it put the
                // summary on the queue; put it there again. A summary that finds no count sends nothing, and one that
                // finds a count takes it all, so a second record never makes a second push.
                schedule = true;
            }
            if (schedule) {
                // One second past the window's end: a message is held back while its clock reads windowEnd itself.
                var delay = Math.clamp(windowEnd - nowSeconds + 1, 0, DelayedQueue.MAX_DELAY_SECONDS);
                summaries.send(due.toJson(), (int) delay);
            }
        }

        /**
         * Pushes the summary of a closed window, unless the user has come online, read the channel to its latest
         * message, left it, or set preferences since that push nothing now (muted, level {@code none}, or level
         * {@code mentions} with no mention held back). The counts are taken before anything else, so a record handed
         * over twice, or two records of one window, push at most once; a push that fails puts the counts back for the
         * retry.
         */
        private Notified summarize(SummaryDue due) {
            var held = throttles.takeCount(due.counterKey());
            if (held <= 0) {
                return Notified.NOTHING;
            }
            long heldMentions;
            try {
                heldMentions = Math.max(0, throttles.takeCount(due.mentionsCounterKey()));
            } catch (RuntimeException e) {
                restore(due, held, 0, e);
                throw e;
            }
            var channel = channelsRead.computeIfAbsent(due.channelId(), channels::find);
            var member = members.find(due.channelId(), due.userId());
            if (channel.isEmpty() || member.isEmpty() || member.get().lastReadSeq() >= channel.get().lastSeq()) {
                return Notified.NOTHING;
            }
            var notifications = member.get().notifications();
            var count = notifications.level() == NotificationLevel.MENTIONS ? heldMentions : held;
            if (count <= 0 || notifications.mutedAt(clock.millis())) {
                return Notified.NOTHING;
            }
            readPresence(List.of(due.userId()));
            if (presenceRead.get(due.userId()).map(Presence::online).orElse(false)) {
                return Notified.NOTHING;
            }
            try {
                return new Notified(0, 0, sendSummary(due, channel.get(), count), 1);
            } catch (RuntimeException e) {
                restore(due, held, heldMentions, e);
                throw e;
            }
        }

        /** Puts taken counts back for the retry of a summary that failed with {@code failure}. */
        private void restore(SummaryDue due, long held, long heldMentions, RuntimeException failure) {
            var expiresAt = due.windowEnd() + redeliveryWindow.toSeconds();
            try {
                if (heldMentions > 0) {
                    throttles.add(due.mentionsCounterKey(), heldMentions, expiresAt);
                }
                throttles.add(due.counterKey(), held, expiresAt);
            } catch (RuntimeException restoring) {
                failure.addSuppressed(restoring);
            }
        }

        private List<Member> allMembers(String channelId) {
            var all = new ArrayList<Member>();
            members.forEachPage(channelId, all::addAll);
            return all;
        }

        private void readPresence(List<String> userIds) {
            var missing = userIds.stream().filter(userId -> !presenceRead.containsKey(userId)).distinct().toList();
            for (int from = 0; from < missing.size(); from += PRESENCE_BATCH) {
                var chunk = missing.subList(from, Math.min(missing.size(), from + PRESENCE_BATCH));
                var found = presence.findAll(chunk);
                chunk.forEach(userId -> presenceRead.put(userId, Optional.ofNullable(found.get(userId))));
            }
        }
    }

    /** What a posted message did for one member: a push (to how many device endpoints), held back, or nothing. */
    private record Outcome(boolean pushed, boolean coalesced, int endpoints) {
        static final Outcome COALESCED = new Outcome(false, true, 0);
        static final Outcome NONE = new Outcome(false, false, 0);
    }

    /**
     * Runs {@code work} for every member at the same time, {@value #PUSH_CONCURRENCY} at most, so that a message to many
     * offline members takes the time of a few pushes rather than of all of them one after another. Each member's work
     * undoes its own claims when it fails and the others are unaffected; once all have ended, the first failure is
     * thrown (the others suppressed in it) so the record is delivered again, and the members pushed already are skipped
     * then by their per-event claims.
     */
    private static List<Outcome> eachAtOnce(List<String> userIds, Function<String, Outcome> work) {
        if (userIds.size() == 1) {
            return List.of(work.apply(userIds.getFirst()));
        }
        var permits = new Semaphore(PUSH_CONCURRENCY);
        var tasks = new ArrayList<Concurrently.Task<Outcome>>(userIds.size());
        for (var userId : userIds) {
            permits.acquireUninterruptibly();
            tasks.add(Concurrently.call(() -> {
                try {
                    return work.apply(userId);
                } finally {
                    permits.release();
                }
            }));
        }
        var outcomes = new ArrayList<Outcome>(tasks.size());
        RuntimeException failure = null;
        for (var task : tasks) {
            try {
                outcomes.add(task.join());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return outcomes;
    }

    /**
     * Whether a member is pushed a posted message: not its sender, not one whose read position has reached it (read on
     * another device while the record waited, or joined after it was posted: a join starts at the channel's latest
     * seq), and as their preferences allow.
     */
    private static boolean wantsPush(Member member, Event event, Mentioned mentioned, long nowMillis) {
        return !member.userId().equals(event.actorId())
                && member.lastReadSeq() < event.frame().path("seq").asLong(Long.MAX_VALUE)
                && member.notifications().pushes(mentioned.includes(member.userId()), nowMillis);
    }

    private static String pushedFor(Event event, String userId) {
        return "pushed#" + event.eventId() + "#" + userId;
    }

    /** "3 new messages in #general", or in a direct channel "3 new messages from alice". */
    static String summaryText(ChannelKind kind, String channelName, String senderId, long count) {
        var messages = count == 1 ? "1 new message" : count + " new messages";
        return kind == ChannelKind.DIRECT || channelName.isEmpty() ? messages + " from " + senderId : messages + " in #" + channelName;
    }

    private int sendSummary(SummaryDue due, Channel channel, long count) {
        var text = summaryText(channel.kind(), channel.name(), due.senderId(), count);
        var notification = Json.object().put("v", 1)
                .put("userId", due.userId())
                .put("kind", "summary")
                .put("channelId", due.channelId())
                .put("channelName", channel.name())
                .put("count", count)
                .put("senderId", due.senderId())
                .put("preview", text);
        var devicesFound = Concurrently.call(() -> devices.forUser(due.userId()));
        push.publishNotification(Json.write(notification), Map.of("userId", due.userId(), "channelId", due.channelId(),
                "kind", "summary"));
        var title = channel.kind() == ChannelKind.DIRECT || channel.name().isEmpty() ? due.senderId() : channel.name();
        return toDevices(due.userId(), devicesFound.join(), platformMessage(title, text, notification));
    }

    private int send(String userId, String kind, String channelName, Event event) {
        var frame = event.frame();
        var text = frame.path("text").asText("");
        var preview = text.codePointCount(0, text.length()) <= PREVIEW_CHARS ? text
                : text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
        var notification = Json.object().put("v", 1)
                .put("userId", userId)
                .put("kind", kind)
                .put("channelId", event.channelId())
                .put("channelName", channelName)
                .put("seq", frame.path("seq").asLong())
                .put("senderId", event.actorId())
                .put("preview", preview)
                .put("eventId", event.eventId());
        var devicesFound = Concurrently.call(() -> devices.forUser(userId));
        push.publishNotification(Json.write(notification), Map.of("userId", userId, "channelId", event.channelId(), "kind", kind));
        var title = channelName == null || channelName.isEmpty() ? event.actorId() : event.actorId() + " in " + channelName;
        return toDevices(userId, devicesFound.join(), platformMessage(title, preview, notification));
    }

    /**
     * Sends to every endpoint of the user's devices (read beside the topic's publish, which does not need them) and
     * forgets the devices whose endpoint is gone; returns how many got it.
     */
    private int toDevices(String userId, List<Device> userDevices, String platformMessage) {
        int sent = 0;
        for (var device : userDevices) {
            if (device.endpointArn() == null) {
                continue;
            }
            if (push.publishToEndpoint(device.endpointArn(), platformMessage)) {
                sent++;
            } else {
                devices.remove(userId, device.deviceId());
            }
        }
        return sent;
    }

    private static String platformMessage(String title, String preview, ObjectNode data) {
        var apns = Json.object();
        apns.putObject("aps").put("sound", "default").putObject("alert").put("title", title).put("body", preview);
        apns.set("parley", data);
        var gcm = Json.object();
        gcm.putObject("notification").put("title", title).put("body", preview);
        var gcmData = gcm.putObject("data");
        data.fields().forEachRemaining(field -> gcmData.put(field.getKey(), field.getValue().asText()));
        var message = Json.object().put("default", title + ": " + preview)
                .put("APNS", Json.write(apns))
                .put("APNS_SANDBOX", Json.write(apns))
                .put("GCM", Json.write(gcm));
        return Json.write(message);
    }
}
