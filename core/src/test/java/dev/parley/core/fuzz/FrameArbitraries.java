package dev.parley.core.fuzz;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.json.Json;
import dev.parley.core.protocol.Action;
import dev.parley.core.protocol.Frames;
import dev.parley.core.protocol.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Client frames for fuzzing: valid frames of every action of docs/protocol.md, and those frames mutated (wrong types,
 * missing, extra and duplicate fields, extreme numbers, deep nesting, surrogates, null bytes, very long strings), plus
 * bodies that are no frame at all (non-object JSON, empty, random text).
 *
 * <p>A frame is kept as its fields in order, each a name and the JSON text of its value, so that mutations can write
 * what a JSON library would refuse to produce, such as a key given twice.
 */
public final class FrameArbitraries {

    /** Every action of the protocol, with the generator of its valid fields. */
    private static final Map<String, Supplier<Arbitrary<List<Field>>>> ACTIONS = Map.ofEntries(
            Map.entry("createChannel", FrameArbitraries::createChannel),
            Map.entry("joinChannel", () -> channelOnly("joinChannel")),
            Map.entry("addMembers", () -> Combinators.combine(channelIds(), userIds(1, Limits.MAX_ADDED_MEMBERS))
                    .as((channel, users) -> fields("addMembers", "channelId", channel, "userIds", users))),
            Map.entry("leaveChannel", () -> channelOnly("leaveChannel")),
            Map.entry("listChannels", () -> cursor().map(cursor -> fields("listChannels", "cursor", cursor))),
            Map.entry("listMembers", () -> Combinators.combine(channelIds(), cursor())
                    .as((channel, cursor) -> fields("listMembers", "channelId", channel, "cursor", cursor))),
            Map.entry("sendMessage", FrameArbitraries::sendMessage),
            Map.entry("editMessage", () -> Combinators.combine(channelIds(), seqs(), texts())
                    .as((channel, seq, text) -> fields("editMessage", "channelId", channel, "seq", seq, "text", text))),
            Map.entry("deleteMessage", () -> Combinators.combine(channelIds(), seqs())
                    .as((channel, seq) -> fields("deleteMessage", "channelId", channel, "seq", seq))),
            Map.entry("react", FrameArbitraries::react),
            Map.entry("getHistory", FrameArbitraries::getHistory),
            Map.entry("markRead", () -> Combinators.combine(channelIds(), Arbitraries.longs().between(0, 6).map(String::valueOf))
                    .as((channel, seq) -> fields("markRead", "channelId", channel, "seq", seq))),
            Map.entry("typing", () -> channelOnly("typing")),
            Map.entry("subscribePresence", () -> userIds(1, Limits.MAX_PRESENCE_SUBSCRIPTIONS)
                    .map(ids -> fields("subscribePresence", "userIds", ids))),
            Map.entry("requestUpload", FrameArbitraries::requestUpload),
            Map.entry("getAttachmentUrl", () -> Combinators.combine(channelIds(), attachmentKeys())
                    .as((channel, key) -> fields("getAttachmentUrl", "channelId", channel, "key", key))),
            Map.entry("registerDevice", FrameArbitraries::registerDevice),
            Map.entry("ping", () -> Arbitraries.just(fields("ping"))),
            Map.entry("setNotifications", FrameArbitraries::setNotifications),
            Map.entry("getThread", FrameArbitraries::getThread),
            Map.entry("renameChannel", () -> Combinators.combine(channelIds(), Arbitraries.oneOf(Arbitraries.of("ops", " team ", "🎉"),
                            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(Limits.MAX_CHANNEL_NAME_CHARS))
                            .filter(name -> !name.isBlank()))
                    .as((channel, name) -> fields("renameChannel", "channelId", channel, "name", quote(name)))),
            Map.entry("setTopic", () -> Combinators.combine(channelIds(), Arbitraries.oneOf(Arbitraries.of("", "deploys", " 🎉 "),
                            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(Limits.MAX_TOPIC_CHARS)))
                    .as((channel, topic) -> fields("setTopic", "channelId", channel, "topic", quote(topic)))),
            Map.entry("removeMember", () -> Combinators.combine(channelIds(), userIdValues())
                    .as((channel, user) -> fields("removeMember", "channelId", channel, "userId", quote(user)))),
            Map.entry("setRole", () -> Combinators.combine(channelIds(), userIdValues(), Arbitraries.of("owner", "member"))
                    .as((channel, user, role) -> fields("setRole", "channelId", channel, "userId", quote(user), "role", quote(role)))),
            Map.entry("archiveChannel", () -> channelOnly("archiveChannel")),
            Map.entry("unarchiveChannel", () -> channelOnly("unarchiveChannel")));

    /** The actions of docs/protocol.md. */
    public static final Set<String> ACTION_NAMES = Arrays.stream(Action.Type.values()).map(Action.Type::wireName)
            .collect(Collectors.toUnmodifiableSet());

    static {
        if (!ACTIONS.keySet().equals(ACTION_NAMES)) {
            throw new IllegalStateException("valid frames for every action and no other: " + ACTIONS.keySet() + " != " + ACTION_NAMES);
        }
    }

    private FrameArbitraries() {
    }

    /** One field of a frame: its name and the JSON text of its value. */
    public record Field(String name, String json) {
    }

    /** Valid frames of the given actions, with or without a request id. */
    public static Arbitrary<String> valid(Set<String> actions) {
        return validFields(actions).map(FrameArbitraries::render);
    }

    /**
     * What a WebSocket route receives from clients that may be broken or hostile: mostly frames of the given actions,
     * valid or mutated, some frames of other actions, and bodies that are no frame at all; null stands for no body.
     */
    public static Arbitrary<String> bodies(Set<String> actions) {
        var own = validFields(actions);
        return Arbitraries.frequencyOf(
                Tuple.of(3, own.map(FrameArbitraries::render)),
                Tuple.of(6, mutated(own).map(FrameArbitraries::render)),
                Tuple.of(2, mutated(validFields(ACTION_NAMES)).map(FrameArbitraries::render)),
                Tuple.of(2, textMutated(own.map(FrameArbitraries::render))),
                Tuple.of(2, notFrames()));
    }

    /**
     * Any JSON objects (queue records, event envelopes) as a broken or hostile producer might send them: valid,
     * with fields mutated, with their text mutated, or no object at all.
     */
    public static Arbitrary<String> hostile(Arbitrary<String> validObjects) {
        var fields = validObjects.map(FrameArbitraries::fieldsOf);
        return Arbitraries.frequencyOf(
                Tuple.of(2, validObjects),
                Tuple.of(6, mutated(fields).map(FrameArbitraries::render)),
                Tuple.of(2, textMutated(validObjects)),
                Tuple.of(1, notFrames()));
    }

    /** The top-level fields of a JSON object written by the program. */
    public static List<Field> fieldsOf(String jsonObject) {
        var fields = new ArrayList<Field>();
        Json.parseTrusted(jsonObject).fields()
                .forEachRemaining(field -> fields.add(new Field(field.getKey(), Json.write(field.getValue()))));
        return List.copyOf(fields);
    }

    private static Arbitrary<List<Field>> validFields(Set<String> actions) {
        var chosen = actions.stream().sorted().map(name -> ACTIONS.get(name).get()).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no actions");
        }
        return Combinators.combine(Arbitraries.oneOf(chosen), requestIds())
                .as((fields, requestId) -> requestId == null ? fields : with(fields, new Field("requestId", requestId)));
    }

    // ---- valid values ----

    private static Arbitrary<String> requestIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(Limits.MAX_ID_CHARS))
                .map(FrameArbitraries::quote).injectNull(0.3);
    }

    private static Arbitrary<String> channelIds() {
        return Arbitraries.oneOf(
                Arbitraries.of(FuzzWorld.CHANNELS),
                Arbitraries.of(FuzzWorld.CHANNELS),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars('_', '-')
                        .ofMinLength(1).ofMaxLength(64)).map(FrameArbitraries::quote);
    }

    private static Arbitrary<String> userIdValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(FuzzWorld.USERS),
                Arbitraries.of(FuzzWorld.USERS),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(128).filter(Frames::isUserId));
    }

    private static Arbitrary<String> userIds(int min, int max) {
        return userIdValues().list().ofMinSize(min).ofMaxSize(max).map(ids -> array(ids.stream().map(FrameArbitraries::quote).toList()));
    }

    private static Arbitrary<String> seqs() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 6), Arbitraries.longs().between(1, Long.MAX_VALUE)).map(String::valueOf);
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.of("hi", "hi @bob", "@alice @carol. look", "👍🏽 done", "x".repeat(Limits.MAX_TEXT_CHARS), "hi <@bob>",
                        "<!here> <@alice> <@mallory> <@carol>", "<!channel> look", "<@" + "x".repeat(Limits.MAX_ID_CHARS) + ">"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300),
                Arbitraries.strings().withCharRange('\uD800', '\uDFFF').withChars('a').ofMinLength(1).ofMaxLength(20))
                .filter(text -> !text.isBlank()).map(FrameArbitraries::quote);
    }

    private static Arbitrary<String> cursor() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "3"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200),
                Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').numeric().withChars('-', '_')
                        .ofMinLength(1).ofMaxLength(Limits.MAX_CURSOR_CHARS)).map(FrameArbitraries::quote).injectNull(0.4);
    }

    private static Arbitrary<String> attachmentKeys() {
        return Arbitraries.oneOf(
                Arbitraries.of(FuzzWorld.UPLOADED, FuzzWorld.UPLOADED_ELSEWHERE,
                        "attachments/" + FuzzWorld.GROUP + "/cccccccccccccccccccc/x.pdf",
                        "attachments/" + FuzzWorld.GROUP + "/../../etc/passwd"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(1024)).map(FrameArbitraries::quote);
    }

    private static Arbitrary<List<Field>> channelOnly(String action) {
        return channelIds().map(channel -> fields(action, "channelId", channel));
    }

    private static Arbitrary<List<Field>> createChannel() {
        var group = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of("general", " team ", "🎉"),
                                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(Limits.MAX_CHANNEL_NAME_CHARS))
                                .filter(name -> !name.isBlank()),
                        userIds(0, Limits.MAX_INITIAL_MEMBERS).injectNull(0.3))
                .as((name, members) -> fields("createChannel", "kind", quote("group"), "name", quote(name), "members", members));
        var privateGroup = Combinators.combine(Arbitraries.of("team", "🎉"), userIds(0, Limits.MAX_INITIAL_MEMBERS))
                .as((name, members) -> fields("createChannel", "kind", quote("private"), "name", quote(name), "members", members));
        var direct = userIds(1, 1).map(members -> fields("createChannel", "kind", quote("direct"), "members", members));
        return Arbitraries.oneOf(group, privateGroup, direct);
    }

    private static Arbitrary<List<Field>> sendMessage() {
        var clientMsgIds = Arbitraries.oneOf(Arbitraries.of("cm-1", "cm-2", "a"),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars('.', '_', ':', '-')
                        .ofMinLength(1).ofMaxLength(Limits.MAX_CLIENT_MSG_ID_CHARS)).map(FrameArbitraries::quote);
        var attachments = attachmentKeys().map(key -> "{\"key\":" + key + "}").list().ofMinSize(1).ofMaxSize(Limits.MAX_ATTACHMENTS)
                .map(FrameArbitraries::array).injectNull(0.7);
        return Combinators.combine(channelIds(), clientMsgIds, texts(), attachments, seqs().injectNull(0.7))
                .as((channel, clientMsgId, text, keys, threadSeq) -> fields("sendMessage", "channelId", channel, "clientMsgId",
                        clientMsgId, "text", text, "attachments", keys, "threadSeq", threadSeq));
    }

    private static Arbitrary<List<Field>> react() {
        var emoji = Arbitraries.oneOf(Arbitraries.of("👍", "🎉", "+1", "👩‍👩‍👧"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(Limits.MAX_EMOJI_CHARS)
                        .filter(e -> !e.isBlank() && e.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))))
                .map(FrameArbitraries::quote);
        return Combinators.combine(channelIds(), seqs(), emoji, Arbitraries.of("true", "false").injectNull(0.5))
                .as((channel, seq, e, remove) -> fields("react", "channelId", channel, "seq", seq, "emoji", e, "remove", remove));
    }

    private static Arbitrary<List<Field>> getHistory() {
        var bounds = Arbitraries.oneOf(
                Arbitraries.just(new Long[] {null, null}),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(before -> new Long[] {before, null}),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000), Arbitraries.longs().between(0, Long.MAX_VALUE))
                        .map(after -> new Long[] {null, after}),
                Combinators.combine(Arbitraries.longs().between(0, 1_000_000), Arbitraries.longs().between(2, 1_000_000))
                        .as((after, gap) -> new Long[] {after + gap, after}));
        return Combinators.combine(channelIds(), bounds, Arbitraries.integers().between(1, Limits.MAX_HISTORY_PAGE).injectNull(0.5),
                        Arbitraries.of("true", "false").injectNull(0.5))
                .as((channel, range, limit, excludeReplies) -> fields("getHistory", "channelId", channel, "beforeSeq", text(range[0]),
                        "afterSeq", text(range[1]), "limit", limit == null ? null : limit.toString(), "excludeReplies", excludeReplies));
    }

    private static Arbitrary<List<Field>> getThread() {
        var after = Arbitraries.oneOf(Arbitraries.longs().between(0, 6), Arbitraries.longs().between(0, Long.MAX_VALUE))
                .map(String::valueOf).injectNull(0.5);
        return Combinators.combine(channelIds(), seqs(), after, Arbitraries.integers().between(1, Limits.MAX_HISTORY_PAGE).injectNull(0.5))
                .as((channel, threadSeq, afterSeq, limit) -> fields("getThread", "channelId", channel, "threadSeq", threadSeq,
                        "afterSeq", afterSeq, "limit", limit == null ? null : limit.toString()));
    }

    private static Arbitrary<List<Field>> requestUpload() {
        var fileNames = Arbitraries.oneOf(Arbitraries.of("photo.png", "report.pdf", "run me.sh", "../../x"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(Limits.MAX_FILE_NAME_CHARS)).filter(name -> !name.isBlank());
        var contentTypes = Arbitraries.oneOf(Arbitraries.of("image/png", "application/pdf", "text/plain", "application/x-sh", ""),
                Arbitraries.strings().all().ofMaxLength(100));
        var sizes = Arbitraries.oneOf(Arbitraries.longs().between(1, 30L * 1024 * 1024), Arbitraries.longs().between(1, Long.MAX_VALUE));
        return Combinators.combine(channelIds(), fileNames, contentTypes, sizes)
                .as((channel, name, type, size) -> fields("requestUpload", "channelId", channel, "fileName", quote(name), "contentType",
                        quote(type), "size", size.toString()));
    }

    private static Arbitrary<List<Field>> registerDevice() {
        var platforms = Arbitraries.oneOf(Arbitraries.of("apns", "fcm", "apns_sandbox"),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_').ofMinLength(1).ofMaxLength(32));
        var tokens = Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'f').numeric().ofLength(64),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(Limits.MAX_DEVICE_TOKEN_CHARS)).filter(token -> !token.isBlank());
        return Combinators.combine(platforms, tokens)
                .as((platform, token) -> fields("registerDevice", "platform", quote(platform), "deviceToken", quote(token)));
    }

    private static Arbitrary<List<Field>> setNotifications() {
        var levels = Arbitraries.of("all", "mentions", "none").map(FrameArbitraries::quote);
        var mutedUntil = Arbitraries.oneOf(Arbitraries.of("null", "0", String.valueOf(Limits.MAX_MUTED_UNTIL)),
                Arbitraries.longs().between(0, Limits.MAX_MUTED_UNTIL).map(String::valueOf)).injectNull(0.3);
        return Combinators.combine(channelIds(), levels, mutedUntil)
                .as((channel, level, until) -> fields("setNotifications", "channelId", channel, "level", level, "mutedUntil", until));
    }

    // ---- mutations ----

    /** JSON values that break the type, range or shape a field expects. */
    private static Arbitrary<String> hostileValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("null", "true", "false", "0", "-0", "-1", "1.5", "1e308", "-1e308", "1e400", "1E2", "0.0",
                        "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        "18446744073709551616000", "123456789012345678901234567890.5", "\"\"", "\" \"", "\"1\"", "\"true\"", "[]",
                        "{}", "[1,2]", "[null]", "[\"alice\",\"alice\"]", "{\"key\":null}", "[{\"key\":1}]", "\"\\u0000\"",
                        "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\\ud83d\"", "\"\\ud83d\\ude00\"", "\"\\\\\"", "\"@@@@\"",
                        "\"group\"", "\"direct\"", "\"a#b\"", "\"tab\\there\"", "\"\\u202e\"")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(64).map(FrameArbitraries::quote)),
                Tuple.of(1, Arbitraries.integers().between(1, 40_000).map(n -> quote("x".repeat(n)))),
                Tuple.of(1, Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n))),
                Tuple.of(1, Arbitraries.integers().between(1, 3_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n))),
                Tuple.of(1, Arbitraries.integers().between(0, 300).map(n -> array(Collections.nCopies(n, "\"u\"")))),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e999")));
    }

    private static Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(
                Arbitraries.of("action", "requestId", "channelId", "seq", "text", "clientMsgId", "attachments", "threadSeq", "emoji",
                        "remove", "beforeSeq", "afterSeq", "limit", "cursor", "userIds", "members", "name", "kind", "fileName",
                        "contentType", "size", "key", "platform", "deviceToken", "senderId", "userId", "__proto__", ""),
                Arbitraries.strings().all().ofMaxLength(20));
    }

    /** One change to a frame; {@code index} picks a field modulo the frame's size. */
    private record Mutation(int kind, int index, String name, String value) {

        List<Field> applyTo(List<Field> frame) {
            if (frame.isEmpty()) {
                return with(frame, new Field(name, value));
            }
            var at = index % frame.size();
            return switch (kind) {
                case 0 -> without(frame, at);
                case 1 -> replaced(frame, at, value);
                case 2 -> with(frame, new Field(name, value));
                case 3 -> with(frame, new Field(frame.get(at).name(), value));
                case 4 -> withFirst(frame, new Field(frame.get(at).name(), value));
                default -> with(frame, new Field("action", quote(name)));
            };
        }
    }

    private static Arbitrary<Mutation> mutations() {
        var names = Arbitraries.oneOf(fieldNames(), Arbitraries.of(ACTION_NAMES),
                Arbitraries.of("PING", "sendmessage", "$default", "$connect", "constructor"));
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 99), names, hostileValues())
                .as(Mutation::new);
    }

    /** The frame with one to three fields removed, retyped, added or given twice. */
    private static Arbitrary<List<Field>> mutated(Arbitrary<List<Field>> frames) {
        return Combinators.combine(frames, mutations().list().ofMinSize(1).ofMaxSize(3)).as((frame, changes) -> {
            var result = frame;
            for (var change : changes) {
                result = change.applyTo(result);
            }
            return result;
        });
    }

    /** One change to a frame's text; {@code position} picks a place modulo the text's length. */
    private record TextMutation(int kind, int position, String insert, int size) {

        String applyTo(String body) {
            var at = position % (body.length() + 1);
            return switch (kind) {
                case 0 -> body.substring(0, at);
                case 1 -> body.substring(0, at) + insert + body.substring(at);
                case 2 -> "\uFEFF" + body;
                case 3 -> body + body;
                case 4 -> new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                case 5 -> "[" + body + "]";
                case 6 -> body.replace("\"", "'");
                case 7 -> body + insert;
                default -> body.length() < 2 ? body : body.substring(0, body.length() - 1) + ",\"pad\":\"" + "p".repeat(size) + "\"}";
            };
        }
    }

    /** The rendered frame cut, spliced, padded to the frame limit or re-encoded as text. */
    private static Arbitrary<String> textMutated(Arbitrary<String> bodies) {
        var inserts = Arbitraries.oneOf(Arbitraries.of("\u0000", "\uD800", "\uDFFF", "\\", "\"", "}", "{", ",", "\uFEFF", "\n", " ", "x",
                "{}"), Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3));
        var changes = Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 10_000), inserts,
                Arbitraries.integers().between(Limits.MAX_FRAME_BYTES - 200, Limits.MAX_FRAME_BYTES + 20)).as(TextMutation::new);
        return Combinators.combine(bodies, changes).as((body, change) -> change.applyTo(body));
    }

    /** Bodies that are no frame: other JSON values, nothing, blanks, random text and bytes decoded as text. */
    private static Arbitrary<String> notFrames() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "\n", "\t\r\n", "null", "true", "0", "-1", "\"action\"", "[]", "[{\"action\":\"ping\"}]", "{}",
                        "{\"action\":null}", "{\"action\":1}", "{\"action\":[\"ping\"]}", "{\"action\":{}}", "{", "}",
                        "{\"action\":\"ping\"",
                        "{\"action\":\"ping\"}{\"action\":\"ping\"}", "{\"action\":\"ping\"} x", "\u0000", "\uD800", "NaN",
                        "{'action':'ping'}", "{action:ping}", "{\"action\":\"ping\",}", "{\"action\":\"ping\" /* */}")
                        .injectNull(0.1),
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().ascii().ofMaxLength(200),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(bytes -> new String(bytes, StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> "{\"action\":\"ping\",\"x\":" + "{\"a\":".repeat(n) + "1"
                        + "}".repeat(n) + "}"),
                Arbitraries.integers().between(Limits.MAX_FRAME_BYTES - 40, Limits.MAX_FRAME_BYTES * 2)
                        .map(n -> "{\"action\":\"ping\",\"requestId\":\"r\",\"pad\":\"" + "é".repeat(n / 2) + "\"}"));
    }

    // ---- helpers ----

    /** Fields from name/value pairs after the action; a null value leaves the field out. */
    private static List<Field> fields(String action, String... namesAndValues) {
        var fields = new ArrayList<Field>();
        fields.add(new Field("action", quote(action)));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
            }
        }
        return List.copyOf(fields);
    }

    private static List<Field> with(List<Field> frame, Field field) {
        var fields = new ArrayList<>(frame);
        fields.add(field);
        return List.copyOf(fields);
    }

    private static List<Field> withFirst(List<Field> frame, Field field) {
        var fields = new ArrayList<Field>();
        fields.add(field);
        fields.addAll(frame);
        return List.copyOf(fields);
    }

    private static List<Field> without(List<Field> frame, int index) {
        var fields = new ArrayList<>(frame);
        fields.remove(index);
        return List.copyOf(fields);
    }

    private static List<Field> replaced(List<Field> frame, int index, String value) {
        var fields = new ArrayList<>(frame);
        fields.set(index, new Field(frame.get(index).name(), value));
        return List.copyOf(fields);
    }

    public static String render(List<Field> fields) {
        return fields.stream().map(field -> quote(field.name()) + ":" + field.json()).collect(Collectors.joining(",", "{", "}"));
    }

    public static String quote(String value) {
        return Json.write(TextNode.valueOf(value));
    }

    private static String array(List<String> jsonValues) {
        return jsonValues.stream().collect(Collectors.joining(",", "[", "]"));
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }
}
