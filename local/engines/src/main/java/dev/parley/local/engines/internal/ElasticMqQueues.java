package dev.parley.local.engines.internal;

import dev.parley.local.engines.EngineException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.BinaryMessageAttribute;
import org.elasticmq.DeduplicationId;
import org.elasticmq.ImmediateNextDelivery$;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageContent;
import org.elasticmq.MessageData;
import org.elasticmq.NewMessageData;
import org.elasticmq.NumberMessageAttribute;
import org.elasticmq.StringMessageAttribute;
import org.elasticmq.msg.LookupQueue;
import org.elasticmq.msg.SendMessage;
import scala.Option;
import scala.collection.immutable.ArraySeq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * ElasticMQ's queues reached in this JVM, through its queue actors rather than its HTTP API: how the SNS engine
 * delivers to a subscribed queue, as SNS does on AWS without going through SQS's public endpoint. The queue's delay
 * and a FIFO queue's deduplication are the queue actor's, as for a message sent over HTTP.
 */
public final class ElasticMqQueues {

    /** A message attribute as SQS takes it: {@code String}, {@code Number} or {@code Binary}, with an optional custom type. */
    public record Attribute(String dataType, String stringValue, byte[] binaryValue) {

        public Attribute {
            Objects.requireNonNull(dataType, "dataType");
        }
    }

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final ActorRef queueManager;

    ElasticMqQueues(ActorRef queueManager) {
        this.queueManager = Objects.requireNonNull(queueManager, "queueManager");
    }

    /**
     * Sends one message to the queue named {@code queueName}; {@code groupId} and {@code deduplicationId} only for a
     * FIFO queue, else null. Returns the message's id.
     *
     * @throws EngineException when there is no such queue, or the queue does not answer
     */
    public String send(String queueName, String body, Map<String, Attribute> attributes, String groupId, String deduplicationId) {
        var queue = queue(queueName);
        var message = new NewMessageData(Option.empty(), new MessageContent(body), scalaAttributes(attributes),
                ImmediateNextDelivery$.MODULE$, Option.apply(groupId),
                deduplicationId == null ? Option.empty() : Option.apply(new DeduplicationId(deduplicationId)), 0, Option.empty(),
                Option.empty(), Option.empty());
        var sent = (MessageData) ask(queue, new SendMessage(message), "SendMessage to " + queueName);
        return sent.id().id();
    }

    private ActorRef queue(String queueName) {
        @SuppressWarnings("unchecked")
        var found = (Option<ActorRef>) ask(queueManager, new LookupQueue(queueName), "the lookup of queue " + queueName);
        if (found.isEmpty()) {
            throw new EngineException("SQS has no queue " + queueName);
        }
        return found.get();
    }

    private static Object ask(ActorRef actor, Object message, String what) {
        try {
            return Patterns.ask(actor, message, ANSWER_TIMEOUT).toCompletableFuture()
                    .get(ANSWER_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new EngineException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EngineException(what + " had no answer in " + ANSWER_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static scala.collection.immutable.Map<String, MessageAttribute> scalaAttributes(Map<String, Attribute> attributes) {
        var converted = new LinkedHashMap<String, MessageAttribute>();
        attributes.forEach((name, attribute) -> converted.put(name, elasticMqAttribute(attribute)));
        return scala.collection.immutable.Map.from(CollectionConverters.asScala(converted));
    }

    private static MessageAttribute elasticMqAttribute(Attribute attribute) {
        var dataType = attribute.dataType();
        var dot = dataType.indexOf('.');
        var base = dot < 0 ? dataType : dataType.substring(0, dot);
        Option<String> customType = dot < 0 ? Option.empty() : Option.apply(dataType.substring(dot + 1));
        return switch (base) {
            case "String" -> new StringMessageAttribute(attribute.stringValue(), customType);
            case "Number" -> new NumberMessageAttribute(attribute.stringValue(), customType);
            case "Binary" -> new BinaryMessageAttribute(ArraySeq.unsafeWrapArray(attribute.binaryValue()), customType);
            default -> throw new IllegalArgumentException("message attribute type " + dataType + " is not String, Number or Binary");
        };
    }
}
