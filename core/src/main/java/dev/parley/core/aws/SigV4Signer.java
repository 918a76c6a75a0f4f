package dev.parley.core.aws;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * AWS Signature Version 4 in the header, for the requests of a path that sends many small ones of one shape
 * (fan-out's {@code @connections} posts): no query string, a path whose segments are encoded once more in the
 * canonical request (every service but S3), the payload hashed. The signing key is kept for its day and credentials and
 * the hash of the last payload for the next request with the same one, where the SDK's generic signer derives the key,
 * formats the date and normalizes the path again for every request (a sixth of fan-out's CPU in Parley Local).
 * {@code SigV4SignerTest} checks every signature against the SDK's own signer.
 */
public final class SigV4Signer {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + HMAC, e);
        }
    });

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String service;
    private volatile SigningKey signingKey;
    private volatile PayloadHash lastPayload;

    /** The key of one day, region and service for one secret key. */
    private record SigningKey(String secretKey, String date, SecretKeySpec key) {
    }

    /** The hash of one payload array, kept by identity: fan-out posts one array to every connection of an event. */
    private record PayloadHash(byte[] payload, String hash) {
    }

    public SigV4Signer(AwsCredentialsProvider credentials, String region, String service) {
        this.credentials = requireNonNull(credentials, "credentials");
        this.region = requireNonNull(region, "region");
        this.service = requireNonNull(service, "service");
    }

    /**
     * The headers that sign a request: {@code X-Amz-Content-Sha256}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} for
     * session credentials, and {@code Authorization}. {@code headers} are the other headers to sign, {@code Host}
     * included, each as sent; {@code encodedPath} is the path as sent (its segments URI-encoded); {@code payload} may be
     * empty, never null.
     */
    public Map<String, String> sign(String method, String encodedPath, Map<String, String> headers, byte[] payload, Instant at) {
        requireNonNull(method, "method");
        requireNonNull(encodedPath, "encodedPath");
        requireNonNull(payload, "payload");
        var identity = credentials.resolveCredentials();
        var time = at.atOffset(ZoneOffset.UTC);
        var date = digits(time.getYear(), 4) + digits(time.getMonthValue(), 2) + digits(time.getDayOfMonth(), 2);
        var amzDate = date + "T" + digits(time.getHour(), 2) + digits(time.getMinute(), 2) + digits(time.getSecond(), 2) + "Z";
        var token = identity instanceof AwsSessionCredentials session ? session.sessionToken() : null;

        var signed = new TreeMap<String, String>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.strip()));
        var payloadHash = payloadHash(payload);
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", amzDate);
        if (token != null) {
            signed.put("x-amz-security-token", token);
        }
        var canonical = new StringBuilder(256).append(method).append('\n');
        appendCanonicalUri(canonical, encodedPath);
        canonical.append("\n\n");
        signed.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        canonical.append('\n');
        var signedHeaders = String.join(";", signed.keySet());
        canonical.append(signedHeaders).append('\n').append(payloadHash);

        var scope = date + "/" + region + "/" + service + "/aws4_request";
        var stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.toString()));
        var signature = HEX.formatHex(hmac(key(identity, date), stringToSign));

        var result = new LinkedHashMap<String, String>();
        result.put("X-Amz-Content-Sha256", payloadHash);
        result.put("X-Amz-Date", amzDate);
        if (token != null) {
            result.put("X-Amz-Security-Token", token);
        }
        result.put("Authorization", ALGORITHM + " Credential=" + identity.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return result;
    }

    /** Each segment of the encoded path encoded once more: only unreserved characters and the slashes stay as they are. */
    private static void appendCanonicalUri(StringBuilder out, String encodedPath) {
        if (encodedPath.isEmpty()) {
            out.append('/');
            return;
        }
        for (var b : encodedPath.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    private String payloadHash(byte[] payload) {
        var last = lastPayload;
        if (last != null && last.payload() == payload) {
            return last.hash();
        }
        var digest = SHA_256.get();
        var hash = HEX.formatHex(digest.digest(payload));
        lastPayload = new PayloadHash(payload, hash);
        return hash;
    }

    private SecretKeySpec key(AwsCredentials identity, String date) {
        var kept = signingKey;
        if (kept != null && kept.date().equals(date) && kept.secretKey().equals(identity.secretAccessKey())) {
            return kept.key();
        }
        var secret = new SecretKeySpec(("AWS4" + identity.secretAccessKey()).getBytes(StandardCharsets.UTF_8), HMAC);
        var dated = new SecretKeySpec(hmac(secret, date), HMAC);
        var regional = new SecretKeySpec(hmac(dated, region), HMAC);
        var serviced = new SecretKeySpec(hmac(regional, service), HMAC);
        var key = new SecretKeySpec(hmac(serviced, "aws4_request"), HMAC);
        signingKey = new SigningKey(identity.secretAccessKey(), date, key);
        return key;
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        var mac = MAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC-SHA256 key was refused", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String digits(int value, int width) {
        var text = Integer.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
