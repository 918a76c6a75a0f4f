package dev.parley.core.protocol;

/**
 * The write is durable but the event could not be published: the client retries with the same
 * {@code clientMsgId}, which re-publishes the event and answers the original ack.
 */
public final class DeliveryPendingException extends ParleyException {

    public DeliveryPendingException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
