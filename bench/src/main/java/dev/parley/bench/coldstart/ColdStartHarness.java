package dev.parley.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * What the Lambda runtime does in one fresh JVM, timed: init (load the handler class, construct it, make the event
 * serializers of a {@code RequestHandler}), optionally the SnapStart runtime hooks as a checkpoint and restore would run
 * them, then the first invocation (the event read from JSON, the handler, the response written as JSON; a
 * {@code RequestStreamHandler} reads and writes them itself). Runs on a class path of the
 * function's jar and this harness only; prints {@code init}, {@code hooks}, {@code firstCall} and {@code response} lines.
 *
 * <p>The classes the first invocation loads are counted by the parent from the JVM's class-load log: this harness loads
 * {@link FirstCallStarts} and {@link FirstCallEnds} on each side of it, and every class logged between them counts.
 */
public final class ColdStartHarness {

    /** Loaded just before the first invocation: a marker in the class-load log. */
    static final class FirstCallStarts {
        static void mark() {
        }
    }

    /** Loaded just after the first invocation: a marker in the class-load log. */
    static final class FirstCallEnds {
        static void mark() {
        }
    }

    /** Between the hooks and the first call, as between a snapshot and a restored environment's first request. */
    static final Duration AFTER_SNAPSHOT = Duration.ofSeconds(2);

    private ColdStartHarness() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 3) {
            System.err.println("usage: ColdStartHarness HANDLER_CLASS EVENT_FILE hooks|no-hooks");
            System.exit(2);
        }
        var eventJson = Files.readString(Path.of(args[1]));
        var hooks = args[2].equals("hooks");

        var started = System.nanoTime();
        var loader = ColdStartHarness.class.getClassLoader();
        var type = Class.forName(args[0], true, loader);
        var handler = type.getConstructor().newInstance();
        // The runtime makes serializers only for a RequestHandler; a RequestStreamHandler gets the event's bytes.
        var stream = handler instanceof RequestStreamHandler streamHandler ? streamHandler : null;
        var method = stream == null ? handlerMethod(type) : null;
        var input = stream == null ? serializer(method.getParameterTypes()[0], loader) : null;
        var output = stream == null && method.getReturnType() != void.class ? serializer(method.getReturnType(), loader) : null;
        System.out.printf("init %d%n", System.nanoTime() - started);

        if (hooks) {
            var hooksStarted = System.nanoTime();
            var priming = Class.forName("dev.parley.core.priming.Priming", true, loader);
            priming.getMethod("checkpointAndRestore").invoke(null);
            var registered = (int) priming.getMethod("registered").invoke(null);
            System.out.printf("hooks %d %d%n", System.nanoTime() - hooksStarted, registered);
            // A restored environment's first request comes long after the snapshot; here the engines the hooks' requests
            // went to are shared with the first call, and are left to finish what those requests made them do.
            var pauseStarted = System.nanoTime();
            Thread.sleep(AFTER_SNAPSHOT);
            System.out.printf("pause %d%n", System.nanoTime() - pauseStarted);
        }

        var context = new HarnessContext(type.getSimpleName());
        FirstCallStarts.mark();
        var callStarted = System.nanoTime();
        var response = "null";
        if (stream != null) {
            var bytes = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), bytes, context);
            response = bytes.toString(StandardCharsets.UTF_8);
        } else {
            var event = input.fromJson(eventJson);
            var result = method.invoke(handler, event, context);
            if (output != null && result != null) {
                var bytes = new ByteArrayOutputStream();
                output.toJson(result, bytes);
                response = bytes.toString(StandardCharsets.UTF_8);
            }
        }
        var callNanos = System.nanoTime() - callStarted;
        FirstCallEnds.mark();
        System.out.printf("firstCall %d%n", callNanos);
        System.out.println("response " + response.replace('\n', ' '));
        System.out.flush();
        // The function's HTTP clients keep threads: the runtime would freeze the JVM here, the harness ends it.
        System.exit(0);
    }

    private static Method handlerMethod(Class<?> type) {
        for (var candidate : type.getMethods()) {
            if (candidate.getName().equals("handleRequest") && !candidate.isBridge() && candidate.getParameterCount() == 2
                    && candidate.getParameterTypes()[1] == Context.class) {
                return candidate;
            }
        }
        throw new IllegalStateException(type.getName() + " has no handleRequest(event, Context)");
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader)
                : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    /** The invocation's context, as the runtime gives it. */
    private record HarnessContext(String functionName) implements Context {

        @Override
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName + ":live";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
