package dev.parley.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.parley.local.engines.RequestCounts;
import dev.parley.local.faults.Faults;
import dev.parley.local.faults.InjectedFault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function with Lambda's execution model: instances are created on demand up to a concurrency limit, each in
 * its own class loader and handed the function's environment, initialised once (its constructor, like a cold start),
 * and given one event at a time. An invocation that outlives the timeout fails, and its instance is discarded as
 * Lambda discards a timed-out sandbox.
 */
public final class FunctionPool implements AutoCloseable {

    /** What the template says about a function, resolved to local values. */
    public record Definition(String name, String arn, Path jar, String handler, Map<String, String> environment, Duration timeout,
                             int memoryMb) {
        public Definition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(handler, "handler");
            environment = Map.copyOf(environment);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    private static final java.util.concurrent.ExecutorService INVOKERS = Executors.newVirtualThreadPerTaskExecutor();

    private final Definition definition;
    private final Semaphore concurrency;
    private final LinkedBlockingDeque<Instance> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;
    private volatile RequestCounts counts;
    private volatile Faults faults;
    private volatile Faults.InstanceEndpoints snsEndpoints;

    public FunctionPool(Definition definition, int maxInstances) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.concurrency = new Semaphore(maxInstances, true);
    }

    public Definition definition() {
        return definition;
    }

    /**
     * Counts invocations ({@code lambda.invocations.<name>}) and their billed duration, the handler's time rounded up
     * to the millisecond ({@code lambda.billedMillis.<name>}, {@code lambda.gbSeconds.<name>} at the configured memory).
     */
    public void counts(RequestCounts requestCounts) {
        this.counts = requestCounts;
    }

    /**
     * Injects the function faults of {@code --faults}: failures before the handler, time-outs after it, and instances
     * that die at their SNS publish, which is why each instance then reaches SNS through an endpoint of its own
     * from {@code endpoints}.
     */
    public void faults(Faults injected, Faults.InstanceEndpoints endpoints) {
        this.faults = injected;
        this.snsEndpoints = endpoints;
    }

    /** Creates one instance now, so the first real event does not pay the start-up. */
    public void warm() throws InvocationException {
        if (!concurrency.tryAcquire()) {
            return;
        }
        try {
            if (idle.isEmpty()) {
                idle.offer(newInstance());
            }
        } finally {
            concurrency.release();
        }
    }

    /** Invokes the function with an event as Lambda would deliver it; returns the response as JSON. */
    public String invoke(String eventJson) throws InvocationException {
        if (closed) {
            throw new InvocationException("ServiceException", "Parley Local is stopping", null);
        }
        concurrency.acquireUninterruptibly();
        try {
            var instance = idle.pollFirst();
            if (instance == null) {
                instance = newInstance();
            }
            var healthy = false;
            var started = System.nanoTime();
            var injected = faults;
            try {
                if (injected != null && injected.inject(Faults.Point.FUNCTION_ERROR)) {
                    healthy = true;
                    throw new InvocationException(InjectedFault.class.getName(), "injected failure before the handler ran", null);
                }
                var result = instance.invoke(eventJson, definition);
                if (injected != null && injected.inject(Faults.Point.FUNCTION_TIMEOUT)) {
                    throw new InvocationException("Timeout", "Task timed out after " + definition.timeout().toSeconds()
                            + " seconds (injected: the handler finished, its answer is lost)", null);
                }
                healthy = true;
                return result;
            } catch (InvocationException e) {
                healthy = !"Timeout".equals(e.errorType()) && !Instance.EXITED.equals(e.errorType());
                throw e;
            } finally {
                count(System.nanoTime() - started);
                if (healthy && !closed) {
                    idle.offerFirst(instance);
                } else {
                    instance.close();
                }
            }
        } finally {
            concurrency.release();
        }
    }

    private void count(long nanos) {
        var current = counts;
        if (current != null) {
            var billedMillis = Math.ceil(nanos / 1e6);
            current.increment("lambda.invocations." + definition.name());
            current.add("lambda.billedMillis." + definition.name(), billedMillis);
            current.add("lambda.gbSeconds." + definition.name(), billedMillis / 1000 * definition.memoryMb() / 1024);
        }
    }

    private Instance newInstance() throws InvocationException {
        try {
            var injected = faults;
            var endpoints = snsEndpoints;
            if (injected == null || endpoints == null) {
                return new Instance(definition, definition.environment(), null, null, null);
            }
            var name = definition.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
            var environment = new java.util.HashMap<>(definition.environment());
            environment.put("AWS_ENDPOINT_URL_SNS", endpoints.open(name).toString());
            try {
                return new Instance(definition, environment, injected, name, endpoints);
            } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
                endpoints.close(name);
                throw e;
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            var cause = e instanceof InvocationTargetException target && target.getCause() != null ? target.getCause() : e;
            throw new InvocationException("Runtime.InitError", "init of " + definition.name() + " failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        Instance instance;
        while ((instance = idle.pollFirst()) != null) {
            instance.close();
        }
    }

    /**
     * One sandbox: a class loader, a handler instance, and, for a {@code RequestHandler}, the runtime's serializers of its
     * event and answer. A {@code RequestStreamHandler} reads the event's bytes and writes its answer itself, as Lambda
     * calls it.
     */
    private static final class Instance implements AutoCloseable {

        private final FunctionClassLoader loader;
        private final Object handler;
        private final RequestStreamHandler streamHandler;
        private final Method method;
        private final PojoSerializer<Object> input;
        private final PojoSerializer<Object> output;
        private final boolean voidOutput;
        private final Faults faults;
        private final String name;
        private final Faults.InstanceEndpoints endpoints;
        private volatile Future<String> current;

        static final String EXITED = "Runtime.ExitError";
        private static final String ENVIRONMENT = "dev.parley.core.config.Environment";
        private static final String PRODUCTION = "dev.parley.core.wiring.Production";

        Instance(Definition definition, Map<String, String> environment, Faults faults, String name, Faults.InstanceEndpoints endpoints)
                throws ReflectiveOperationException, IOException {
            this.faults = faults;
            this.name = name;
            this.endpoints = endpoints;
            loader = new FunctionClassLoader(definition.name(), definition.jar().toUri().toURL(), FunctionPool.class.getClassLoader());
            var thread = Thread.currentThread();
            var previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                var separator = definition.handler().indexOf("::");
                var className = separator < 0 ? definition.handler() : definition.handler().substring(0, separator);
                var methodName = separator < 0 ? "handleRequest" : definition.handler().substring(separator + 2);
                var type = loader.loadClass(className);
                handler = newHandler(type, environment);
                if (handler instanceof RequestStreamHandler stream && methodName.equals("handleRequest")) {
                    streamHandler = stream;
                    method = null;
                    input = null;
                    output = null;
                    voidOutput = false;
                } else {
                    streamHandler = null;
                    method = handlerMethod(type, methodName);
                    input = serializer(method.getParameterTypes()[0]);
                    voidOutput = method.getReturnType() == Void.class || method.getReturnType() == void.class;
                    output = voidOutput ? null : serializer(method.getReturnType());
                }
            } finally {
                thread.setContextClassLoader(previous);
            }
            if (faults != null) {
                faults.registerInstance(name, this::exit);
            }
        }

        /**
         * Lambda gives a function the process environment, which a JVM has only one of; here each function gets its own
         * through the handler's public constructor that takes the function's {@code Environment}. A handler without one
         * cannot be given its environment, so it is refused rather than started on Parley Local's.
         */
        private Object newHandler(Class<?> type, Map<String, String> environment) throws ReflectiveOperationException {
            var environmentType = loader.loadClass(ENVIRONMENT);
            var value = environmentType.getMethod("of", Map.class).invoke(null, environment);
            try {
                return type.getConstructor(environmentType).newInstance(value);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("handler " + type.getName() + " has no public constructor taking " + ENVIRONMENT, e);
            }
        }

        private void closeExecutionEnvironment() {
            Class<?> production;
            try {
                production = Class.forName(PRODUCTION, false, loader);
            } catch (ClassNotFoundException e) {
                return;
            }
            var thread = Thread.currentThread();
            var previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                production.getMethod("closeAll").invoke(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("closing the clients of a discarded {} sandbox failed", handler.getClass().getSimpleName(), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        /** The runtime dies: the invocation under way is abandoned where it stands. */
        private void exit() {
            var running = current;
            if (running != null) {
                running.cancel(true);
            }
        }

        private static Method handlerMethod(Class<?> type, String name) {
            for (var candidate : type.getMethods()) {
                if (candidate.getName().equals(name) && !candidate.isBridge() && candidate.getParameterCount() == 2
                        && candidate.getParameterTypes()[1] == Context.class) {
                    return candidate;
                }
            }
            throw new IllegalStateException("handler " + type.getName() + " has no " + name + "(event, Context)");
        }

        @SuppressWarnings("unchecked")
        private PojoSerializer<Object> serializer(Class<?> type) {
            return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                    ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader)
                    : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
        }

        String invoke(String eventJson, Definition definition) throws InvocationException {
            var requestId = UUID.randomUUID().toString();
            var deadline = System.currentTimeMillis() + definition.timeout().toMillis();
            var context = new LocalContext(requestId, definition.name(), definition.arn(), definition.memoryMb(), deadline);
            {
                var future = INVOKERS.submit(() -> {
                    var thread = Thread.currentThread();
                    thread.setContextClassLoader(loader);
                    if (streamHandler != null) {
                        var answer = new ByteArrayOutputStream();
                        streamHandler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), answer, context);
                        return answer.size() == 0 ? "null" : answer.toString(StandardCharsets.UTF_8);
                    }
                    var event = input.fromJson(eventJson);
                    var result = method.invoke(handler, event, context);
                    if (voidOutput || result == null) {
                        return "null";
                    }
                    var bytes = new ByteArrayOutputStream();
                    output.toJson(result, bytes);
                    return bytes.toString(StandardCharsets.UTF_8);
                });
                current = future;
                try {
                    return future.get(definition.timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (CancellationException e) {
                    throw new InvocationException(EXITED, "RequestId: " + requestId + " Error: Runtime exited (injected: the instance"
                            + " died at its SNS publish)", null);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    throw new InvocationException("Timeout", "Task timed out after " + definition.timeout().toSeconds() + " seconds", null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InvocationException("Interrupted", "invocation interrupted", e);
                } catch (ExecutionException e) {
                    var cause = e.getCause() instanceof InvocationTargetException target ? target.getCause() : e.getCause();
                    throw new InvocationException(cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
                }
            }
        }

        /**
         * The sandbox ends: its SDK clients are closed as a process's end would close them. Without it, every sandbox
         * discarded after a timeout or a crash would leave its clients' threads running for as long as Parley Local.
         */
        @Override
        public void close() {
            if (faults != null) {
                faults.unregisterInstance(name);
                endpoints.close(name);
            }
            closeExecutionEnvironment();
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debug("closing a function class loader failed", e);
            }
        }
    }
}
