package dev.parley.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FramesTest {

    static Stream<Arguments> malformedFrames() {
        var longText = "x".repeat(Limits.MAX_TEXT_CHARS + 1);
        return Stream.of(
                Arguments.of("", ErrorCode.BAD_REQUEST),
                Arguments.of("not json", ErrorCode.BAD_REQUEST),
                Arguments.of("[1,2]", ErrorCode.BAD_REQUEST),
                Arguments.of("{}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":42}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"launchRocket\"}", ErrorCode.UNKNOWN_ACTION),
                Arguments.of("{\"action\":\"ping\",\"requestId\":7}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"clientMsgId\":\"a\",\"text\":\"hi\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c/1\",\"clientMsgId\":\"a\",\"text\":\"hi\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"text\":\"hi\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"a b\",\"text\":\"hi\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"a\",\"text\":\"  \"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"a\",\"text\":\"" + longText + "\"}",
                        ErrorCode.TOO_LARGE),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"a\",\"text\":\"hi\",\"threadSeq\":0}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"sendMessage\",\"channelId\":\"c-1\",\"clientMsgId\":\"a\",\"text\":\"hi\","
                        + "\"attachments\":[\"k\"]}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"editMessage\",\"channelId\":\"c-1\",\"seq\":\"3\",\"text\":\"x\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"editMessage\",\"channelId\":\"c-1\",\"seq\":1.5,\"text\":\"x\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"deleteMessage\",\"channelId\":\"c-1\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"react\",\"channelId\":\"c-1\",\"seq\":1,\"emoji\":\"a b\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"react\",\"channelId\":\"c-1\",\"seq\":1,\"emoji\":\"+1\",\"remove\":\"yes\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"limit\":101}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"limit\":0}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"beforeSeq\":3,\"afterSeq\":2}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"afterSeq\":-1}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"beforeSeq\":0}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"beforeSeq\":5,\"afterSeq\":9223372036854775807}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"markRead\",\"channelId\":\"c-1\",\"seq\":-1}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"excludeReplies\":1}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getThread\",\"channelId\":\"c-1\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getThread\",\"channelId\":\"c-1\",\"threadSeq\":0}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getThread\",\"channelId\":\"c-1\",\"threadSeq\":1,\"afterSeq\":-1}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getThread\",\"channelId\":\"c-1\",\"threadSeq\":1,\"limit\":101}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getThread\",\"threadSeq\":1}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"createChannel\",\"kind\":\"secret\",\"name\":\"x\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"createChannel\",\"kind\":\"group\",\"name\":\"  \"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"createChannel\",\"kind\":\"direct\",\"members\":[]}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"createChannel\",\"kind\":\"group\",\"name\":\"x\",\"members\":[\"a#b\"]}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"joinChannel\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"renameChannel\",\"channelId\":\"c-1\",\"name\":\" \"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"renameChannel\",\"channelId\":\"c-1\",\"name\":\"" + "x".repeat(81) + "\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setTopic\",\"channelId\":\"c-1\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setTopic\",\"channelId\":\"c-1\",\"topic\":\"" + "x".repeat(Limits.MAX_TOPIC_CHARS + 1)
                        + "\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setTopic\",\"channelId\":\"c-1\",\"topic\":\"a\\nb\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"removeMember\",\"channelId\":\"c-1\",\"userId\":\"a#b\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setRole\",\"channelId\":\"c-1\",\"userId\":\"bob\",\"role\":\"admin\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"archiveChannel\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"createChannel\",\"kind\":\"private\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"addMembers\",\"channelId\":\"c-1\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"addMembers\",\"channelId\":\"c-1\",\"userIds\":[]}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"addMembers\",\"userIds\":[\"bob\"]}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"addMembers\",\"channelId\":\"c-1\",\"userIds\":" + userIds(Limits.MAX_ADDED_MEMBERS + 1)
                        + "}", ErrorCode.TOO_LARGE),
                Arguments.of("{\"action\":\"listChannels\",\"cursor\":5}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"subscribePresence\",\"userIds\":[]}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"subscribePresence\",\"userIds\":\"bob\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"requestUpload\",\"channelId\":\"c-1\",\"fileName\":\"a.png\",\"contentType\":\"image/png\","
                        + "\"size\":0}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"requestUpload\",\"channelId\":\"c-1\",\"fileName\":\"a.png\",\"size\":10}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"getAttachmentUrl\",\"channelId\":\"c-1\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"registerDevice\",\"platform\":\"APNS!\",\"deviceToken\":\"t\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"typing\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setNotifications\",\"channelId\":\"c-1\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"loud\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"all\",\"mutedUntil\":-1}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"all\",\"mutedUntil\":\"1\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"all\",\"mutedUntil\":"
                        + (Limits.MAX_MUTED_UNTIL + 1) + "}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"action\":\"setNotifications\",\"level\":\"all\"}", ErrorCode.BAD_REQUEST));
    }

    private static String userIds(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "\"u" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @ParameterizedTest
    @MethodSource("malformedFrames")
    void parse_whenFrameIsMalformed_throwsItsErrorCode(String body, ErrorCode expected) {
        assertThatThrownBy(() -> Frames.parse(body))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    @Test
    void parse_whenFrameExceedsTheFrameLimit_throwsTooLarge() {
        var body = "{\"action\":\"ping\",\"pad\":\"" + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}";

        assertThatThrownBy(() -> Frames.parse(body))
                .isInstanceOfSatisfying(TooLargeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void parse_whenSendMessageCarriesASenderId_ignoresIt() {
        var frame = Frames.parse("{\"action\":\"sendMessage\",\"requestId\":\"r1\",\"channelId\":\"c-1\",\"clientMsgId\":\"m1\","
                + "\"text\":\"hi\",\"senderId\":\"mallory\",\"attachments\":[{\"key\":\"attachments/c-1/x/a.png\"}],\"threadSeq\":4}");

        assertThat(frame.requestId()).isEqualTo("r1");
        assertThat(frame.action()).isEqualTo(new Action.SendMessage("c-1", "m1", "hi", java.util.List.of("attachments/c-1/x/a.png"),
                4L));
    }

    @Test
    void parse_whenEveryActionIsWellFormed_returnsItsType() {
        assertThat(Frames.parse("{\"action\":\"createChannel\",\"name\":\"ops\",\"kind\":\"group\",\"members\":[\"bob\",\"bob\"]}")
                .action()).isEqualTo(new Action.CreateChannel("ops", ChannelKind.GROUP, java.util.List.of("bob")));
        assertThat(Frames.parse("{\"action\":\"joinChannel\",\"channelId\":\"c-1\"}").action())
                .isEqualTo(new Action.JoinChannel("c-1"));
        assertThat(Frames.parse("{\"action\":\"createChannel\",\"name\":\"ops\",\"kind\":\"private\"}").action())
                .isEqualTo(new Action.CreateChannel("ops", ChannelKind.PRIVATE, java.util.List.of()));
        assertThat(Frames.parse("{\"action\":\"addMembers\",\"channelId\":\"c-1\",\"userIds\":[\"bob\",\"carol\",\"bob\"]}")
                .action()).isEqualTo(new Action.AddMembers("c-1", java.util.List.of("bob", "carol")));
        assertThat(Frames.parse("{\"action\":\"leaveChannel\",\"channelId\":\"c-1\"}").action())
                .isEqualTo(new Action.LeaveChannel("c-1"));
        assertThat(Frames.parse("{\"action\":\"listChannels\"}").action()).isEqualTo(new Action.ListChannels(null));
        assertThat(Frames.parse("{\"action\":\"listMembers\",\"channelId\":\"c-1\",\"cursor\":\"abc\"}").action())
                .isEqualTo(new Action.ListMembers("c-1", "abc"));
        assertThat(Frames.parse("{\"action\":\"editMessage\",\"channelId\":\"c-1\",\"seq\":3,\"text\":\"x\"}").action())
                .isEqualTo(new Action.EditMessage("c-1", 3, "x"));
        assertThat(Frames.parse("{\"action\":\"deleteMessage\",\"channelId\":\"c-1\",\"seq\":3}").action())
                .isEqualTo(new Action.DeleteMessage("c-1", 3));
        assertThat(Frames.parse("{\"action\":\"react\",\"channelId\":\"c-1\",\"seq\":3,\"emoji\":\"👍\",\"remove\":true}").action())
                .isEqualTo(new Action.React("c-1", 3, "👍", true));
        assertThat(Frames.parse("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"beforeSeq\":10}").action())
                .isEqualTo(new Action.GetHistory("c-1", 10L, null, Limits.DEFAULT_HISTORY_PAGE));
        assertThat(Frames.parse("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"afterSeq\":0,\"limit\":5}").action())
                .isEqualTo(new Action.GetHistory("c-1", null, 0L, 5));
        assertThat(Frames.parse("{\"action\":\"getHistory\",\"channelId\":\"c-1\",\"excludeReplies\":true}").action())
                .isEqualTo(new Action.GetHistory("c-1", null, null, Limits.DEFAULT_HISTORY_PAGE, true));
        assertThat(Frames.parse("{\"action\":\"getThread\",\"channelId\":\"c-1\",\"threadSeq\":4}").action())
                .isEqualTo(new Action.GetThread("c-1", 4, null, Limits.DEFAULT_HISTORY_PAGE));
        assertThat(Frames.parse("{\"action\":\"getThread\",\"channelId\":\"c-1\",\"threadSeq\":4,\"afterSeq\":0,\"limit\":7}")
                .action()).isEqualTo(new Action.GetThread("c-1", 4, 0L, 7));
        assertThat(Frames.parse("{\"action\":\"markRead\",\"channelId\":\"c-1\",\"seq\":0}").action())
                .isEqualTo(new Action.MarkRead("c-1", 0));
        assertThat(Frames.parse("{\"action\":\"typing\",\"channelId\":\"c-1\"}").action()).isEqualTo(new Action.Typing("c-1"));
        assertThat(Frames.parse("{\"action\":\"subscribePresence\",\"userIds\":[\"bob\"]}").action())
                .isEqualTo(new Action.SubscribePresence(java.util.List.of("bob")));
        assertThat(Frames.parse("{\"action\":\"requestUpload\",\"channelId\":\"c-1\",\"fileName\":\"a.png\","
                + "\"contentType\":\"image/png\",\"size\":10}").action())
                .isEqualTo(new Action.RequestUpload("c-1", "a.png", "image/png", 10));
        assertThat(Frames.parse("{\"action\":\"getAttachmentUrl\",\"channelId\":\"c-1\",\"key\":\"k\"}").action())
                .isEqualTo(new Action.GetAttachmentUrl("c-1", "k"));
        assertThat(Frames.parse("{\"action\":\"registerDevice\",\"platform\":\"fcm\",\"deviceToken\":\"t\"}").action())
                .isEqualTo(new Action.RegisterDevice("fcm", "t"));
        assertThat(Frames.parse("{\"action\":\"ping\"}").action()).isEqualTo(new Action.Ping());
        assertThat(Frames.parse("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"mentions\"}").action())
                .isEqualTo(new Action.SetNotifications("c-1", NotificationLevel.MENTIONS, null));
        assertThat(Frames.parse("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"all\",\"mutedUntil\":null}")
                .action()).isEqualTo(new Action.SetNotifications("c-1", NotificationLevel.ALL, null));
        assertThat(Frames.parse("{\"action\":\"setNotifications\",\"channelId\":\"c-1\",\"level\":\"none\",\"mutedUntil\":"
                + Limits.MAX_MUTED_UNTIL + "}").action()).isEqualTo(new Action.SetNotifications("c-1", NotificationLevel.NONE,
                Limits.MAX_MUTED_UNTIL));
        assertThat(Frames.parse("{\"action\":\"renameChannel\",\"channelId\":\"c-1\",\"name\":\" ops \"}").action())
                .isEqualTo(new Action.RenameChannel("c-1", "ops"));
        assertThat(Frames.parse("{\"action\":\"setTopic\",\"channelId\":\"c-1\",\"topic\":\"\"}").action())
                .isEqualTo(new Action.SetTopic("c-1", ""));
        assertThat(Frames.parse("{\"action\":\"removeMember\",\"channelId\":\"c-1\",\"userId\":\"bob\"}").action())
                .isEqualTo(new Action.RemoveMember("c-1", "bob"));
        assertThat(Frames.parse("{\"action\":\"setRole\",\"channelId\":\"c-1\",\"userId\":\"bob\",\"role\":\"owner\"}").action())
                .isEqualTo(new Action.SetRole("c-1", "bob", "owner"));
        assertThat(Frames.parse("{\"action\":\"archiveChannel\",\"channelId\":\"c-1\"}").action())
                .isEqualTo(new Action.ArchiveChannel("c-1"));
        assertThat(Frames.parse("{\"action\":\"unarchiveChannel\",\"channelId\":\"c-1\"}").action())
                .isEqualTo(new Action.UnarchiveChannel("c-1"));
    }

    @Test
    void error_whenWritten_carriesTypeCodeMessageAndRequestId() {
        assertThat(Frames.error("r9", ErrorCode.RATE_LIMITED, "slow down"))
                .isEqualTo("{\"type\":\"error\",\"requestId\":\"r9\",\"code\":\"rate_limited\",\"message\":\"slow down\"}");
    }

    @Test
    void requestIdOf_whenFrameIsInvalid_stillFindsTheRequestId() {
        assertThat(Frames.requestIdOf("{\"action\":\"nope\",\"requestId\":\"r2\"}")).isEqualTo("r2");
        assertThat(Frames.requestIdOf("{broken")).isNull();
    }
}
