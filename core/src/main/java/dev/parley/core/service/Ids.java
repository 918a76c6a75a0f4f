package dev.parley.core.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers chosen by the server. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private Ids() {
    }

    public static String messageId() {
        return "m-" + random(20);
    }

    public static String eventId() {
        return "e-" + random(20);
    }

    public static String uploadId() {
        return random(20);
    }

    /**
     * A group channel's id: 130 random bits, so that an id is known only to those who were given it. A retried
     * create finds its channel through the remembered request, not through the id.
     */
    public static String groupChannel() {
        return "c-" + random(26);
    }

    /** A direct channel's id, the same whoever of the two creates it. */
    public static String directChannel(String userA, String userB) {
        var first = userA.compareTo(userB) <= 0 ? userA : userB;
        var second = first.equals(userA) ? userB : userA;
        return "d-" + digest("direct\n" + first + "\n" + second, 26);
    }

    /**
     * The tag of a user in the keys of their uploads: it names the uploader without putting a user id, which may hold
     * any character, into an object key.
     */
    public static String uploader(String userId) {
        return "u-" + digest("uploader\n" + userId, 24);
    }

    public static String device(String platform, String deviceToken) {
        return "dv-" + digest(platform + "\n" + deviceToken, 24);
    }

    private static String random(int length) {
        var chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    private static String digest(String value, int length) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            var chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = ALPHABET[(hash[i] & 0xff) % ALPHABET.length];
            }
            return new String(chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A SHA-256 of the value, in hex: what a remembered request is compared by. */
    public static String fingerprint(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
