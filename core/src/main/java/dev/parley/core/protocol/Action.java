package dev.parley.core.protocol;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every action a client can send, as docs/protocol.md names it: the one list of actions. {@link Type} gives each its
 * wire name, its record and how its frame is read ({@link Frames} parses through it); the {@code ServedBy…} interface
 * its record implements names the function that serves it. Each handler switches over its own interface, which the
 * compiler checks for completeness, and the CDK app routes each name to that function ({@link ServedBy}).
 */
public sealed interface Action {

    /** The wire name of the action. */
    default String name() {
        return type().wireName();
    }

    default Type type() {
        return Type.of(this);
    }

    /** Every action: its wire name, its record, and how a frame of it is read into the record. */
    enum Type {
        CREATE_CHANNEL("createChannel", CreateChannel.class, Frames::createChannel),
        JOIN_CHANNEL("joinChannel", JoinChannel.class, fields -> new JoinChannel(fields.channelId())),
        LEAVE_CHANNEL("leaveChannel", LeaveChannel.class, fields -> new LeaveChannel(fields.channelId())),
        ADD_MEMBERS("addMembers", AddMembers.class, Frames::addMembers),
        LIST_CHANNELS("listChannels", ListChannels.class, fields -> new ListChannels(fields.cursor())),
        LIST_MEMBERS("listMembers", ListMembers.class, fields -> new ListMembers(fields.channelId(), fields.cursor())),
        SEND_MESSAGE("sendMessage", SendMessage.class, Frames::sendMessage),
        EDIT_MESSAGE("editMessage", EditMessage.class,
                fields -> new EditMessage(fields.channelId(), fields.seq("seq"), fields.text(true))),
        DELETE_MESSAGE("deleteMessage", DeleteMessage.class, fields -> new DeleteMessage(fields.channelId(), fields.seq("seq"))),
        REACT("react", React.class, Frames::react),
        GET_HISTORY("getHistory", GetHistory.class, Frames::getHistory),
        MARK_READ("markRead", MarkRead.class, fields -> new MarkRead(fields.channelId(), fields.seqOrZero("seq"))),
        TYPING("typing", Typing.class, fields -> new Typing(fields.channelId())),
        SUBSCRIBE_PRESENCE("subscribePresence", SubscribePresence.class, Frames::subscribePresence),
        REQUEST_UPLOAD("requestUpload", RequestUpload.class, Frames::requestUpload),
        GET_ATTACHMENT_URL("getAttachmentUrl", GetAttachmentUrl.class,
                fields -> new GetAttachmentUrl(fields.channelId(), fields.attachmentKey("key"))),
        REGISTER_DEVICE("registerDevice", RegisterDevice.class, Frames::registerDevice),
        PING("ping", Ping.class, fields -> new Ping()),
        SET_NOTIFICATIONS("setNotifications", SetNotifications.class, Frames::setNotifications),
        GET_THREAD("getThread", GetThread.class, Frames::getThread),
        RENAME_CHANNEL("renameChannel", RenameChannel.class, Frames::renameChannel),
        SET_TOPIC("setTopic", SetTopic.class, Frames::setTopic),
        REMOVE_MEMBER("removeMember", RemoveMember.class, fields -> new RemoveMember(fields.channelId(), fields.userId("userId"))),
        SET_ROLE("setRole", SetRole.class, Frames::setRole),
        ARCHIVE_CHANNEL("archiveChannel", ArchiveChannel.class, fields -> new ArchiveChannel(fields.channelId())),
        UNARCHIVE_CHANNEL("unarchiveChannel", UnarchiveChannel.class, fields -> new UnarchiveChannel(fields.channelId()));

        private static final Map<String, Type> BY_WIRE_NAME = new HashMap<>();
        private static final Map<Class<?>, Type> BY_RECORD = new HashMap<>();

        static {
            for (var type : values()) {
                BY_WIRE_NAME.put(type.wireName, type);
                BY_RECORD.put(type.recordType, type);
            }
        }

        private final String wireName;
        private final Class<? extends Action> recordType;
        private final Function<Frames.Fields, ? extends Action> parser;
        private final ServedBy servedBy;

        <A extends Action> Type(String wireName, Class<A> recordType, Function<Frames.Fields, A> parser) {
            this.wireName = wireName;
            this.recordType = recordType;
            this.parser = parser;
            this.servedBy = ServedBy.of(recordType);
        }

        public String wireName() {
            return wireName;
        }

        public Class<? extends Action> recordType() {
            return recordType;
        }

        /** The function that serves the action: the {@code ServedBy…} interface its record implements. */
        public ServedBy servedBy() {
            return servedBy;
        }

        /** The action of this wire name; {@code unknown_action} for any other. */
        public static Type fromWireName(String wireName) {
            var type = BY_WIRE_NAME.get(wireName);
            if (type == null) {
                throw new UnknownActionException("unknown action \"" + Frames.abbreviate(wireName) + "\"");
            }
            return type;
        }

        static Type of(Action action) {
            return BY_RECORD.get(action.getClass());
        }

        Action parse(Frames.Fields fields) {
            return parser.apply(fields);
        }
    }

    /**
     * The function that serves an action, one for each {@code ServedBy…} interface: API Gateway routes the action's
     * name to it, and its handler accepts exactly the actions of its interface.
     */
    enum ServedBy {
        CHANNELS(ServedByChannels.class),
        SEND_MESSAGE(ServedBySendMessage.class),
        PRESENCE(ServedByPresence.class),
        ATTACHMENTS(ServedByAttachments.class),
        DEVICES(ServedByDevices.class);

        private final Class<? extends Action> actions;

        ServedBy(Class<? extends Action> actions) {
            this.actions = actions;
        }

        /** The interface the records of this function's actions implement. */
        public Class<? extends Action> actions() {
            return actions;
        }

        /** The wire names of the actions this function serves. */
        public Set<String> wireNames() {
            return Arrays.stream(Type.values()).filter(type -> type.servedBy() == this).map(Type::wireName)
                    .collect(Collectors.toUnmodifiableSet());
        }

        private static ServedBy of(Class<? extends Action> record) {
            ServedBy found = null;
            for (var function : values()) {
                if (function.actions.isAssignableFrom(record)) {
                    if (found != null) {
                        throw new IllegalStateException(record.getName() + " implements more than one ServedBy… interface");
                    }
                    found = function;
                }
            }
            if (found == null) {
                throw new IllegalStateException(record.getName() + " implements no ServedBy… interface");
            }
            return found;
        }
    }

    /** Served by the channels function. */
    sealed interface ServedByChannels extends Action {
    }

    /** Served by the send-message function. */
    sealed interface ServedBySendMessage extends Action {
    }

    /** Served by the presence function, which also answers the {@code $default} route. */
    sealed interface ServedByPresence extends Action {
    }

    /** Served by the attachments function. */
    sealed interface ServedByAttachments extends Action {
    }

    /** Served by the devices function. */
    sealed interface ServedByDevices extends Action {
    }

    /** Actions that address one channel; membership is checked for every one of them. */
    sealed interface ChannelAction extends Action {
        String channelId();
    }

    record CreateChannel(String channelName, ChannelKind kind, List<String> members) implements ServedByChannels {
        public CreateChannel {
            Objects.requireNonNull(kind, "kind");
            members = List.copyOf(members);
        }
    }

    record JoinChannel(String channelId) implements ServedByChannels, ChannelAction {
    }

    record AddMembers(String channelId, List<String> userIds) implements ServedByChannels, ChannelAction {
        public AddMembers {
            Objects.requireNonNull(channelId, "channelId");
            userIds = List.copyOf(userIds);
        }
    }

    record LeaveChannel(String channelId) implements ServedByChannels, ChannelAction {
    }

    record ListChannels(String cursor) implements ServedByChannels {
    }

    record ListMembers(String channelId, String cursor) implements ServedByChannels, ChannelAction {
    }

    record SendMessage(String channelId, String clientMsgId, String text, List<String> attachmentKeys, Long threadSeq)
            implements ServedBySendMessage, ChannelAction {
        public SendMessage {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(clientMsgId, "clientMsgId");
            Objects.requireNonNull(text, "text");
            attachmentKeys = List.copyOf(attachmentKeys);
        }
    }

    record EditMessage(String channelId, long seq, String text) implements ServedBySendMessage, ChannelAction {
    }

    record DeleteMessage(String channelId, long seq) implements ServedBySendMessage, ChannelAction {
    }

    record React(String channelId, long seq, String emoji, boolean remove) implements ServedBySendMessage, ChannelAction {
    }

    /** {@code excludeReplies} shows thread replies as placeholders, so the main timeline keeps its contiguous seqs. */
    record GetHistory(String channelId, Long beforeSeq, Long afterSeq, int limit, boolean excludeReplies)
            implements ServedByChannels, ChannelAction {
        public GetHistory(String channelId, Long beforeSeq, Long afterSeq, int limit) {
            this(channelId, beforeSeq, afterSeq, limit, false);
        }
    }

    record MarkRead(String channelId, long seq) implements ServedByChannels, ChannelAction {
    }

    record Typing(String channelId) implements ServedByPresence, ChannelAction {
    }

    record SubscribePresence(List<String> userIds) implements ServedByPresence {
        public SubscribePresence {
            userIds = List.copyOf(userIds);
        }
    }

    record RequestUpload(String channelId, String fileName, String contentType, long size)
            implements ServedByAttachments, ChannelAction {
    }

    record GetAttachmentUrl(String channelId, String key) implements ServedByAttachments, ChannelAction {
    }

    record RegisterDevice(String platform, String deviceToken) implements ServedByDevices {
    }

    record Ping() implements ServedByPresence {
    }

    /** A member's notification preferences for one channel; a null {@code mutedUntil} clears the mute. */
    record SetNotifications(String channelId, NotificationLevel level, Long mutedUntil) implements ServedByChannels, ChannelAction {
        public SetNotifications {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(level, "level");
        }
    }

    /** A thread: its root at {@code threadSeq} and the replies after {@code afterSeq}, oldest first. */
    record GetThread(String channelId, long threadSeq, Long afterSeq, int limit) implements ServedByChannels, ChannelAction {
    }

    /** Channel administration: served by the channels function, allowed to the channel's owners. */
    sealed interface Administration extends ServedByChannels, ChannelAction {
    }

    record RenameChannel(String channelId, String channelName) implements Administration {
        public RenameChannel {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(channelName, "channelName");
        }
    }

    /** An empty topic clears it. */
    record SetTopic(String channelId, String topic) implements Administration {
        public SetTopic {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(topic, "topic");
        }
    }

    record RemoveMember(String channelId, String userId) implements Administration {
        public RemoveMember {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** {@code role} is {@code owner} or {@code member}. */
    record SetRole(String channelId, String userId, String role) implements Administration {
        public SetRole {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
        }
    }

    record ArchiveChannel(String channelId) implements Administration {
    }

    record UnarchiveChannel(String channelId) implements Administration {
    }
}
