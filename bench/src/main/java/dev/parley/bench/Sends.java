package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** {@code sendMessage} as a careful client sends it: the same {@code clientMsgId} again after a retryable failure. */
final class Sends {

    /**
     * One logical send.
     *
     * @param response    the last response: an {@code ack}, or the error that ended the send
     * @param attempts    frames sent
     * @param rateLimited times {@code rate_limited} made it wait
     * @param firstNanos  when the first attempt was sent
     * @param lastNanos   when the attempt that got {@code response} was sent
     * @param doneNanos   when {@code response} arrived
     */
    record Sent(JsonNode response, int attempts, int rateLimited, long firstNanos, long lastNanos, long doneNanos) {
        boolean acked() {
            return response != null && "ack".equals(response.path("type").asText());
        }

        long seq() {
            return response.path("seq").asLong(-1);
        }
    }

    private static final int MAX_ATTEMPTS = 20;
    private static final Pattern RETRY_IN = Pattern.compile("retry in (\\d+) s");

    private Sends() {
    }

    /**
     * Sends until acknowledged: {@code rate_limited} waits as long as the error says, {@code conflict}, {@code internal}
     * and a missing response (30 s) are sent again after a short pause; any other error ends the send.
     */
    static Sent send(ChatClient client, ObjectNode frame) throws InterruptedException {
        var first = System.nanoTime();
        var rateLimited = 0;
        JsonNode response = null;
        long last = first;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            last = System.nanoTime();
            try {
                response = client.request(frame.deepCopy()).join();
            } catch (CompletionException e) {
                response = null;
                continue;
            }
            var done = System.nanoTime();
            if ("ack".equals(response.path("type").asText())) {
                return new Sent(response, attempt, rateLimited, first, last, done);
            }
            switch (response.path("code").asText()) {
                case "rate_limited" -> {
                    rateLimited++;
                    var wait = RETRY_IN.matcher(response.path("message").asText());
                    Thread.sleep(wait.find() ? Long.parseLong(wait.group(1)) * 1000 : 1000);
                }
                case "conflict", "internal" -> Thread.sleep(ThreadLocalRandom.current().nextLong(20, 100L * attempt));
                default -> {
                    return new Sent(response, attempt, rateLimited, first, last, done);
                }
            }
        }
        return new Sent(response, MAX_ATTEMPTS, rateLimited, first, last, System.nanoTime());
    }
}
