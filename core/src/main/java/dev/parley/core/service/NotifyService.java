package dev.parley.core.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.model.Channel;
import dev.parley.core.model.Event;
import dev.parley.core.model.Member;
import dev.parley.core.model.Presence;
import dev.parley.core.store.ChannelStore;
import dev.parley.core.store.DeviceStore;
import dev.parley.core.store.MemberStore;
import dev.parley.core.store.PresenceStore;
import dev.parley.core.store.PushGateway;
import dev.parley.core.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Push notifications for members who are not connected: not the sender, not muted; in a large channel only those
 * mentioned; at most one push per user and channel per coalescing window, and at most one push per event and user
 * however often the queue delivers the event.
 */
public final class NotifyService {

    public static final int LARGE_CHANNEL_MEMBERS = 50;
    public static final Duration COALESCING_WINDOW = Duration.ofSeconds(60);
    private static final int PREVIEW_CHARS = 140;
    private static final int PRESENCE_BATCH = 100;
    private static final int MAX_MENTIONS_NOTIFIED = 50;
    private static final Pattern MENTION = Pattern.compile("@([^\\s@#,;:!?()\\[\\]{}<>\"']{1,128})");

    /** What one event led to, for metrics. */
    public record Notified(int pushed, int coalesced, int endpoints) {
    }

    private final ChannelStore channels;
    private final MemberStore members;
    private final PresenceStore presence;
    private final DeviceStore devices;
    private final ThrottleStore throttles;
    private final PushGateway push;
    private final Clock clock;
    private final Duration redeliveryWindow;

    /**
     * {@code redeliveryWindow} is how long the queue may hand the same event over again (every receive up to the
     * dead-letter queue); the record of who was pushed for an event is kept that long, so a redelivery pushes no one twice.
     */
    public NotifyService(ChannelStore channels, MemberStore members, PresenceStore presence, DeviceStore devices,
                         ThrottleStore throttles, PushGateway push, Clock clock, Duration redeliveryWindow) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.members = Objects.requireNonNull(members, "members");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.push = Objects.requireNonNull(push, "push");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redeliveryWindow = Objects.requireNonNull(redeliveryWindow, "redeliveryWindow");
        if (redeliveryWindow.compareTo(COALESCING_WINDOW) < 0) {
            throw new IllegalArgumentException("redeliveryWindow " + redeliveryWindow + " is shorter than the coalescing window");
        }
    }

    static Set<String> mentions(String text) {
        var found = new HashSet<String>();
        var matcher = MENTION.matcher(text);
        while (matcher.find()) {
            var mention = matcher.group(1);
            while (!mention.isEmpty() && ".".indexOf(mention.charAt(mention.length() - 1)) >= 0) {
                mention = mention.substring(0, mention.length() - 1);
            }
            found.add(mention);
        }
        return found;
    }

    /**
     * Handles one queue record.
     *
     * @throws IllegalArgumentException for a record that is not an event (a poison record)
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
         * Handles one queue record.
         *
         * @throws IllegalArgumentException for a record that is not an event (a poison record)
         */
        public Notified notify(String recordBody) {
            Event event;
            try {
                event = Event.fromJson(Json.parse(recordBody));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("record is not JSON");
            }
            if (!Event.MESSAGE_POSTED.equals(event.type()) || event.channelId() == null) {
                return new Notified(0, 0, 0);
            }
            var channel = channelsRead.computeIfAbsent(event.channelId(), channels::find);
            if (channel.isEmpty()) {
                return new Notified(0, 0, 0);
            }
            var frame = event.frame();
            var text = frame.path("text").asText("");
            var mentioned = mentions(text);
            var large = channel.get().memberCount() > LARGE_CHANNEL_MEMBERS;
            var candidates = new ArrayList<String>();
            if (large) {
                // Mentions only: read the mentioned memberships, never the whole member list, so a message to a large
                // channel costs what its mentions cost.
                for (var userId : mentioned.stream().sorted().limit(MAX_MENTIONS_NOTIFIED).toList()) {
                    members.find(event.channelId(), userId)
                            .filter(member -> !member.userId().equals(event.actorId()) && !member.muted())
                            .ifPresent(member -> candidates.add(member.userId()));
                }
            } else {
                for (var member : membersRead.computeIfAbsent(event.channelId(), this::allMembers)) {
                    if (!member.userId().equals(event.actorId()) && !member.muted()) {
                        candidates.add(member.userId());
                    }
                }
            }
            readPresence(candidates);
            int pushed = 0;
            int coalesced = 0;
            int endpoints = 0;
            var nowSeconds = clock.millis() / 1000;
            for (var userId : candidates) {
                if (presenceRead.get(userId).map(Presence::online).orElse(false)) {
                    continue;
                }
                var claim = "push#" + userId + "#" + event.channelId();
                if (!throttles.claim(claim, nowSeconds + COALESCING_WINDOW.toSeconds(), nowSeconds)) {
                    coalesced++;
                    continue;
                }
                // The coalescing claim is gone by the time the queue redelivers a failed record, so who was pushed for
                // this event is kept apart, as long as a redelivery can come.
                var pushedFor = "pushed#" + event.eventId() + "#" + userId;
                if (!throttles.claim(pushedFor, nowSeconds + redeliveryWindow.toSeconds(), nowSeconds)) {
                    throttles.release(claim);
                    continue;
                }
                try {
                    var kind = mentioned.contains(userId) ? "mention" : "message";
                    endpoints += send(userId, kind, channel.get().name(), event);
                    pushed++;
                } catch (RuntimeException e) {
                    throttles.release(pushedFor);
                    throttles.release(claim);
                    throw e;
                }
            }
            return new Notified(pushed, coalesced, endpoints);
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
        push.publishNotification(Json.write(notification), Map.of("userId", userId, "channelId", event.channelId(), "kind", kind));
        int sent = 0;
        for (var device : devices.forUser(userId)) {
            if (device.endpointArn() == null) {
                continue;
            }
            if (push.publishToEndpoint(device.endpointArn(), platformMessage(channelName, event.actorId(), preview, notification))) {
                sent++;
            } else {
                devices.remove(userId, device.deviceId());
            }
        }
        return sent;
    }

    private static String platformMessage(String channelName, String senderId, String preview,
                                          ObjectNode data) {
        var title = channelName == null || channelName.isEmpty() ? senderId : senderId + " in " + channelName;
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
