package dev.parley.core.service;

/**
 * The per-user limit of each kind of write, counted per minute across all of a user's connections. Each kind has its
 * own budget, so that chatty actions (typing, read positions) never use up the budget for sending. The figures sit
 * well above what a person does with a chat client and well below what a script does.
 */
public enum RateLimits {
    SEND_MESSAGE("sendMessage", 120),
    EDIT_MESSAGE("editMessage", 60),
    DELETE_MESSAGE("deleteMessage", 60),
    REACT("react", 120),
    CREATE_CHANNEL("createChannel", 20),
    ADD_MEMBERS("addMembers", 20),
    JOIN_CHANNEL("joinChannel", 60),
    LEAVE_CHANNEL("leaveChannel", 60),
    MARK_READ("markRead", 600),
    TYPING("typing", 120),
    SUBSCRIBE_PRESENCE("subscribePresence", 30),
    REQUEST_UPLOAD("requestUpload", 30),
    REGISTER_DEVICE("registerDevice", 10),
    SET_NOTIFICATIONS("setNotifications", 60),
    /** One budget for every channel administration action: rename, topic, remove, role, archive, unarchive. */
    ADMINISTER_CHANNEL("administerChannel", 30);

    private final String action;
    private final int perMinute;

    RateLimits(String action, int perMinute) {
        this.action = action;
        this.perMinute = perMinute;
    }

    /** The protocol action this limit counts. */
    public String action() {
        return action;
    }

    public int perMinute() {
        return perMinute;
    }
}
