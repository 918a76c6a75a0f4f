package dev.parley.core.logging;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

/**
 * Puts the Lambda request id of the invocation under way in the MDC, so every log line written during it carries the
 * id as {@value #AWS_REQUEST_ID}; threads the invocation starts inherit a copy. A handler calls {@link #begin} before
 * anything else and {@link #end} last, in a {@code finally}: the runtime reuses its thread for the next invocation,
 * which must not inherit this one's fields.
 */
public final class InvocationLog {

    /** The log field of the request id. */
    public static final String AWS_REQUEST_ID = "awsRequestId";

    private InvocationLog() {
    }

    public static void begin(Context context) {
        MDC.clear();
        var requestId = context == null ? null : context.getAwsRequestId();
        if (requestId != null) {
            MDC.put(AWS_REQUEST_ID, requestId);
        }
    }

    public static void end() {
        MDC.clear();
    }
}
