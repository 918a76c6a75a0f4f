package dev.parley.local;

import static dev.parley.local.RunningLocal.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.local.engines.PublishedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notification preferences end to end through Parley Local: {@code setNotifications} from a real WebSocket client,
 * what {@code listChannels} and the user's other connections then show, and the pushes notify publishes on the
 * notifications topic for members who are not connected.
 */
class NotificationPreferencesIT {

    private static final long MUTED_FOREVER = 253_402_300_799_999L;

    private static ParleyLocal local;
    private static Endpoints endpoints;

    @BeforeAll
    static void start() throws Exception {
        local = RunningLocal.get();
        RunningLocal.awaitHandshakes(local);
        endpoints = local.endpoints();
    }

    private static String channel(ChatClient owner, List<String> members) throws Exception {
        var created = owner.call("createChannel", "name", "prefs", "kind", "group", "members", members);
        assertThat(created.get("type").asText()).as(created.toString()).isEqualTo("channel");
        return created.get("channel").get("channelId").asText();
    }

    private static JsonNode listed(ChatClient client, String channelId) throws Exception {
        var list = client.call("listChannels");
        for (var channel : list.get("channels")) {
            if (channel.get("channelId").asText().equals(channelId)) {
                return channel;
            }
        }
        throw new AssertionError(client.userId + " does not list " + channelId + ": " + list);
    }

    private static JsonNode preferences(String level, Long mutedUntil) {
        return ChatClient.MAPPER.createObjectNode().put("level", level).put("mutedUntil", mutedUntil);
    }

    @Test
    void setNotifications_whenAMemberChangesThem_answersListsAndTellsTheirOtherDevicesOnly() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        try (var a = ChatClient.connect(endpoints, alice); var phone = ChatClient.connect(endpoints, bob);
             var laptop = ChatClient.connect(endpoints, bob)) {
            var channelId = channel(a, List.of(bob));
            laptop.awaitEvent("memberJoined", e -> e.get("channelId").asText().equals(channelId));
            var before = listed(phone, channelId);

            var until = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
            var ack = phone.call("setNotifications", "channelId", channelId, "level", "mentions", "mutedUntil", until);
            var again = phone.call("setNotifications", "channelId", channelId, "level", "mentions", "mutedUntil", until);
            var told = laptop.awaitEvent("notificationsChanged", e -> e.get("channelId").asText().equals(channelId));
            var echoed = phone.awaitEvent("notificationsChanged", e -> e.get("channelId").asText().equals(channelId));
            var after = listed(laptop, channelId);
            var othersView = listed(a, channelId);

            assertThat(before.get("notifications")).isEqualTo(preferences("all", null));
            assertThat(before.get("muted").asBoolean()).isFalse();
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            assertThat(ack.get("channelId").asText()).isEqualTo(channelId);
            assertThat(ack.get("notifications")).isEqualTo(preferences("mentions", until));
            assertThat(again.get("notifications")).isEqualTo(ack.get("notifications"));
            assertThat(told.get("notifications")).isEqualTo(ack.get("notifications"));
            assertThat(echoed.get("notifications")).isEqualTo(ack.get("notifications"));
            assertThat(after.get("notifications")).isEqualTo(ack.get("notifications"));
            assertThat(after.get("muted").asBoolean()).isTrue();
            assertThat(othersView.get("notifications")).isEqualTo(preferences("all", null));
            assertThat(a.received("notificationsChanged")).isEmpty();

            var unmuted = laptop.call("setNotifications", "channelId", channelId, "level", "none");
            assertThat(unmuted.get("notifications")).isEqualTo(preferences("none", null));
            phone.awaitEvent("notificationsChanged", e -> e.get("notifications").get("level").asText().equals("none"));
            assertThat(listed(phone, channelId).get("muted").asBoolean()).isTrue();
        }
    }

    @Test
    void setNotifications_whenRefused_answersProtocolErrors() throws Exception {
        var alice = unique("alice");
        var mallory = unique("mallory");
        try (var a = ChatClient.connect(endpoints, alice); var m = ChatClient.connect(endpoints, mallory)) {
            var channelId = channel(a, List.of());

            var stranger = m.call("setNotifications", "channelId", channelId, "level", "none");
            var badLevel = a.call("setNotifications", "channelId", channelId, "level", "loud");
            var tooLate = a.call("setNotifications", "channelId", channelId, "level", "all", "mutedUntil", MUTED_FOREVER + 1);

            assertThat(stranger.get("code").asText()).isEqualTo("forbidden");
            assertThat(badLevel.get("code").asText()).isEqualTo("bad_request");
            assertThat(tooLate.get("code").asText()).isEqualTo("bad_request");
            assertThat(listed(a, channelId).get("notifications")).isEqualTo(preferences("all", null));
        }
    }

    @Test
    void notify_whenOfflineMembersChoseLevelsAndMutes_pushesOnlyWhatEachAllows() throws Exception {
        var alice = unique("alice");
        var bob = unique("bob");
        var carol = unique("carol");
        var dave = unique("dave");
        var erin = unique("erin");
        var choices = Map.of(bob, List.of("all"), carol, List.of("mentions"), dave, List.of("none"), erin, List.of("mentions", "muted"));
        try (var a = ChatClient.connect(endpoints, alice)) {
            var channelId = channel(a, List.of(bob, carol, dave, erin));
            for (var choice : choices.entrySet()) {
                try (var client = ChatClient.connect(endpoints, choice.getKey())) {
                    var level = choice.getValue().getFirst();
                    var answer = choice.getValue().contains("muted")
                            ? client.call("setNotifications", "channelId", channelId, "level", level, "mutedUntil", MUTED_FOREVER)
                            : client.call("setNotifications", "channelId", channelId, "level", level);
                    assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("ack");
                }
            }
            awaitOffline(a, List.copyOf(choices.keySet()));

            a.call("sendMessage", "channelId", channelId, "clientMsgId", "plain", "text", "lunch at noon");
            // The notify queue keeps no order between records, so the second message goes out once the first was pushed.
            awaitPushes(channelId, list -> has(list, bob, 1));
            a.call("sendMessage", "channelId", channelId, "clientMsgId", "named", "text",
                    "<@" + carol + "> <@" + dave + "> <@" + erin + "> can you confirm?");

            // Notify decides who is a candidate before it pushes anyone, so once the pushes of both messages are seen,
            // the members left out were left out by their preferences, not by time.
            var pushes = awaitPushes(channelId, list -> has(list, bob, 1) && has(list, carol, 2));
            assertThat(pushes).filteredOn(p -> p.get("userId").asText().equals(bob) && p.get("seq").asLong() == 1)
                    .singleElement().satisfies(p -> assertThat(p.get("kind").asText()).isEqualTo("message"));
            assertThat(pushes).filteredOn(p -> p.get("userId").asText().equals(carol))
                    .singleElement().satisfies(p -> {
                        assertThat(p.get("seq").asLong()).isEqualTo(2);
                        assertThat(p.get("kind").asText()).isEqualTo("mention");
                    });
            assertThat(pushes).noneSatisfy(p -> assertThat(p.get("userId").asText()).isIn(dave, erin));
        }
    }

    /** Waits until the watcher sees every user offline: notify pushes only to users who are not connected. */
    private static void awaitOffline(ChatClient watcher, List<String> userIds) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode snapshot;
        do {
            snapshot = watcher.call("subscribePresence", "userIds", userIds);
            var offline = 0;
            for (var user : snapshot.path("users")) {
                if (user.get("status").asText().equals("offline")) {
                    offline++;
                }
            }
            if (offline == userIds.size()) {
                return;
            }
            // subscribePresence counts against its own limit of 30 a minute.
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not all of " + userIds + " went offline: " + snapshot);
    }

    private static boolean has(List<JsonNode> pushes, String userId, long seq) {
        return pushes.stream().anyMatch(p -> p.get("userId").asText().equals(userId) && p.path("seq").asLong() == seq);
    }

    /** The notifications of one channel on the notifications topic, once {@code done} holds for them. */
    private static List<JsonNode> awaitPushes(String channelId, Predicate<List<JsonNode>> done) throws Exception {
        var topic = notificationsTopic();
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<JsonNode> pushes;
        do {
            pushes = new ArrayList<>();
            for (PublishedMessage published : local.engines().sns().published(topic)) {
                var notification = ChatClient.MAPPER.readTree(published.message());
                if (channelId.equals(notification.path("channelId").asText())) {
                    pushes.add(notification);
                }
            }
            if (done.test(pushes)) {
                return pushes;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the pushes of channel " + channelId + " are incomplete: " + pushes);
    }

    private static String notificationsTopic() {
        return local.functionDefinitions().stream()
                .map(definition -> (Map<?, ?>) definition.get("environment"))
                .map(environment -> (String) environment.get("NOTIFICATIONS_TOPIC_ARN"))
                .filter(arn -> arn != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function of Parley Local publishes notifications"));
    }
}
