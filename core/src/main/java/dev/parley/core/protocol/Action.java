package dev.parley.core.protocol;

import java.util.List;
import java.util.Objects;

/** Every action a client can send, as PROTOCOL.md names it; parsed and validated by {@link Frames}. */
public sealed interface Action {

    /** The wire name of the action. */
    String name();

    /** Actions that address one channel; membership is checked for every one of them. */
    sealed interface ChannelAction extends Action {
        String channelId();
    }

    record CreateChannel(String channelName, ChannelKind kind, List<String> members) implements Action {
        public CreateChannel {
            Objects.requireNonNull(kind, "kind");
            members = List.copyOf(members);
        }

        @Override
        public String name() {
            return "createChannel";
        }
    }

    record JoinChannel(String channelId) implements ChannelAction {
        @Override
        public String name() {
            return "joinChannel";
        }
    }

    record AddMembers(String channelId, List<String> userIds) implements ChannelAction {
        public AddMembers {
            Objects.requireNonNull(channelId, "channelId");
            userIds = List.copyOf(userIds);
        }

        @Override
        public String name() {
            return "addMembers";
        }
    }

    record LeaveChannel(String channelId) implements ChannelAction {
        @Override
        public String name() {
            return "leaveChannel";
        }
    }

    record ListChannels(String cursor) implements Action {
        @Override
        public String name() {
            return "listChannels";
        }
    }

    record ListMembers(String channelId, String cursor) implements ChannelAction {
        @Override
        public String name() {
            return "listMembers";
        }
    }

    record SendMessage(String channelId, String clientMsgId, String text, List<String> attachmentKeys, Long threadSeq)
            implements ChannelAction {
        public SendMessage {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(clientMsgId, "clientMsgId");
            Objects.requireNonNull(text, "text");
            attachmentKeys = List.copyOf(attachmentKeys);
        }

        @Override
        public String name() {
            return "sendMessage";
        }
    }

    record EditMessage(String channelId, long seq, String text) implements ChannelAction {
        @Override
        public String name() {
            return "editMessage";
        }
    }

    record DeleteMessage(String channelId, long seq) implements ChannelAction {
        @Override
        public String name() {
            return "deleteMessage";
        }
    }

    record React(String channelId, long seq, String emoji, boolean remove) implements ChannelAction {
        @Override
        public String name() {
            return "react";
        }
    }

    record GetHistory(String channelId, Long beforeSeq, Long afterSeq, int limit) implements ChannelAction {
        @Override
        public String name() {
            return "getHistory";
        }
    }

    record MarkRead(String channelId, long seq) implements ChannelAction {
        @Override
        public String name() {
            return "markRead";
        }
    }

    record Typing(String channelId) implements ChannelAction {
        @Override
        public String name() {
            return "typing";
        }
    }

    record SubscribePresence(List<String> userIds) implements Action {
        public SubscribePresence {
            userIds = List.copyOf(userIds);
        }

        @Override
        public String name() {
            return "subscribePresence";
        }
    }

    record RequestUpload(String channelId, String fileName, String contentType, long size) implements ChannelAction {
        @Override
        public String name() {
            return "requestUpload";
        }
    }

    record GetAttachmentUrl(String channelId, String key) implements ChannelAction {
        @Override
        public String name() {
            return "getAttachmentUrl";
        }
    }

    record RegisterDevice(String platform, String deviceToken) implements Action {
        @Override
        public String name() {
            return "registerDevice";
        }
    }

    record Ping() implements Action {
        @Override
        public String name() {
            return "ping";
        }
    }
}
