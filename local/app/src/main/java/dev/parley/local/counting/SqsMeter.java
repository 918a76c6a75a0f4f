package dev.parley.local.counting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.local.engines.RequestCounts;
import java.io.IOException;

/**
 * SQS's share of counting: how many messages each request carried. A {@code ReceiveMessage} that returns nothing
 * is counted apart ({@code sqs.emptyReceives}): idle polling costs by the hour, not by the message.
 */
final class SqsMeter implements CountingProxy.Meter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RequestCounts counts;

    SqsMeter(RequestCounts counts) {
        this.counts = counts;
    }

    @Override
    public void measure(String operation, int status, byte[] request, byte[] response) {
        if (status >= 400) {
            return;
        }
        switch (operation) {
            case "ReceiveMessage" -> {
                var received = json(response).path("Messages").size();
                counts.increment(received == 0 ? "sqs.emptyReceives" : "sqs.receivesWithMessages");
                counts.add("sqs.messagesReceived", received);
            }
            case "SendMessage" -> counts.increment("sqs.messagesSent");
            case "SendMessageBatch" -> counts.add("sqs.messagesSent", json(request).path("Entries").size());
            case "DeleteMessage" -> counts.increment("sqs.messagesDeleted");
            case "DeleteMessageBatch" -> counts.add("sqs.messagesDeleted", json(request).path("Entries").size());
            default -> {
            }
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("SQS body is not JSON", e);
        }
    }
}
