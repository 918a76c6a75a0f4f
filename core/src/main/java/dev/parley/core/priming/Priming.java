package dev.parley.core.priming;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.core.handler.LambdaJson;
import dev.parley.core.json.Json;
import dev.parley.core.logging.Rehearsing;
import dev.parley.core.protocol.Frames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: work a function registers here runs in the {@code beforeCheckpoint} runtime hook, after init and
 * before Lambda takes the snapshot, so a restored execution environment answers its first request with the classes
 * already loaded and the SDK's paths already run, instead of loading them on the clock.
 *
 * <p>Beside the function's own steps, every registration runs four of its own: before them, a JSON round trip of a
 * frame (the parsing and writing every request does) and the reading and writing of a sample of every kind of Lambda
 * event and answer ({@link LambdaJson}); after them, a virtual thread's read of a loopback socket, and the loading of
 * the classes that a first invocation of the function loads, as its jar lists them in {@value #FIRST_CALL_CLASSES}
 * ({@code ./parley bench coldstart --write-class-lists} writes the lists from real first invocations). Library and JDK
 * classes are initialised too; Parley's own classes are only loaded, so that whatever they make when initialised
 * (generators, clocks) is made after the restore.
 *
 * <p>The JSON, the events and the function's own steps then run again, round after round, up to {@value #MAX_ROUNDS}
 * rounds while less than {@link #MORE_ROUNDS_BUDGET} has passed since the first ended: a method the JVM has run a few hundred
 * times is compiled, and the snapshot keeps the compiled code, so a restored environment's first request runs the
 * SDK's request path compiled instead of interpreted. The function's cleanup runs once, after the last round.
 *
 * <p>A step must have no side effect: it reads, or sends a request the service refuses without reading or writing
 * anything. A step that fails is logged, is not run again in later rounds, and the next one runs: priming only makes
 * the first request faster, and a failed snapshot would stop the deployment instead.
 *
 * <p>The registered resources are also kept here: CRaC holds resources weakly, and a JVM without CRaC ignores the
 * registration, where {@link #checkpointAndRestore()} runs the hooks as a checkpoint would (tests, the cold-start
 * bench).
 */
public final class Priming implements Resource {

    /** One piece of priming work. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** The most rounds of the steps that are run again. */
    static final int MAX_ROUNDS = 25;
    /** After the first round, more rounds start only within this time: the snapshot waits for them. */
    static final Duration MORE_ROUNDS_BUDGET = Duration.ofSeconds(3);
    /**
     * The most rounds of a rehearsal: a method is compiled after a few hundred calls, and a rehearsal's round calls
     * each method of the function's path about once. Rehearsals are quick, nothing leaving the JVM.
     */
    static final int MAX_REHEARSALS = 300;

    /** The classes a first invocation of the function in this jar loads, one binary name a line. */
    public static final String FIRST_CALL_CLASSES = "META-INF/parley/first-call-classes.txt";

    private static final String OWN_CLASSES = "dev.parley.";
    private static final String SAMPLE_FRAME = "{\"action\":\"sendMessage\",\"requestId\":\"r-1\",\"channelId\":\"c-1\","
            + "\"clientMsgId\":\"m-1\",\"text\":\"h\u00e9llo \\ud83d\\udc4b\",\"attachments\":[{\"key\":\"k\"}],\"seq\":42,"
            + "\"ratio\":0.5,\"muted\":false,\"cursor\":null}";
    private static final String PING_FRAME = "{\"action\":\"ping\",\"requestId\":\"r-1\"}";
    private static final int LOOPBACK_TIMEOUT_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();
    private static final List<AutoCloseable> AFTER_REHEARSAL = new CopyOnWriteArrayList<>();

    private final String function;
    private final List<Step> once;
    private final List<Step> repeated;
    private final Step cleanup;
    private final int maxRounds;

    private Priming(String function, List<Step> once, List<Step> repeated, Step cleanup, int maxRounds) {
        this.function = Objects.requireNonNull(function, "function");
        this.once = List.copyOf(once);
        this.repeated = List.copyOf(repeated);
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
        this.maxRounds = maxRounds;
    }

    /** Registers the steps to run before the snapshot of this function's execution environment. */
    public static void register(String function, Step... steps) {
        register(function, List.of(steps), () -> { });
    }

    /**
     * Registers the steps to run, in rounds, before the snapshot of this function's execution environment, and the
     * cleanup to run once after the last round, whatever the steps did.
     */
    public static void register(String function, List<Step> steps, Step cleanup) {
        var repeated = new ArrayList<Step>();
        repeated.add(Priming::jsonRoundTrip);
        repeated.add(LambdaJson::prime);
        repeated.addAll(steps);
        var once = List.<Step>of(Priming::readLoopbackOnVirtualThread, () -> preloadFirstCallClasses(Priming.class.getClassLoader()));
        add(new Priming(function, once, repeated, cleanup, MAX_ROUNDS));
    }

    /**
     * Registers a rehearsal: an invocation of the function's own handler on a sample event, wired to SDK clients that
     * answer from a {@link RehearsalWorld} without leaving the JVM ({@link RehearsalHttpClient}; see {@link Rehearsal}),
     * made by {@code rehearsal} when the hook first runs. It runs round after
     * round, up to {@value #MAX_REHEARSALS} rounds within {@link #MORE_ROUNDS_BUDGET}, before the function's other
     * priming, so that the snapshot holds the handler's whole path loaded, linked and compiled, its success paths
     * included. While it runs, {@link Rehearsing#underWay()} is true: metrics and logs of a rehearsed invocation are dropped.
     */
    public static void rehearse(String function, Supplier<Step> rehearsal) {
        Objects.requireNonNull(rehearsal, "rehearsal");
        // Made at the first round, so that an environment that is never snapshotted pays nothing for it.
        var made = new Step[1];
        Step silenced = () -> {
            Rehearsing.set(true);
            try {
                if (made[0] == null) {
                    made[0] = Objects.requireNonNull(rehearsal.get(), "rehearsal");
                }
                made[0].run();
            } finally {
                Rehearsing.set(false);
            }
        };
        add(new Priming(function + " rehearsal", List.of(), List.of(silenced), Priming::endRehearsals, MAX_REHEARSALS));
    }

    /**
     * Has {@code end} run once the rehearsal under way has had its last round: the clients a rehearsal built hold threads
     * and buffers that the snapshot need not keep.
     */
    public static void afterRehearsal(AutoCloseable end) {
        AFTER_REHEARSAL.add(Objects.requireNonNull(end, "end"));
    }

    private static void endRehearsals() throws Exception {
        Exception failure = null;
        for (var end : List.copyOf(AFTER_REHEARSAL)) {
            AFTER_REHEARSAL.remove(end);
            try {
                end.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void add(Priming priming) {
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /**
     * Runs the registered hooks in the order CRaC runs them around a checkpoint: every {@code beforeCheckpoint}, the
     * last registered first, then every {@code afterRestore}, the first registered first.
     */
    public static void checkpointAndRestore() throws Exception {
        var registered = List.copyOf(REGISTERED);
        for (var priming : registered.reversed()) {
            priming.beforeCheckpoint(null);
        }
        for (var priming : registered) {
            priming.afterRestore(null);
        }
    }

    /** Parses and writes a frame with every kind of JSON value. */
    static void jsonRoundTrip() throws JsonProcessingException {
        var node = Json.parse(SAMPLE_FRAME);
        if (!Json.parse(Json.write(node)).equals(node)) {
            throw new IllegalStateException("a JSON round trip changed the frame");
        }
        // The table of actions makes one parser lambda per action when first used: a class list cannot name them.
        Frames.parse(PING_FRAME);
    }

    /**
     * Has a virtual thread connect to a loopback socket and read from it with a timeout, as the checks and pushes a
     * function runs side by side read their answers: the first such read of a JVM starts the scheduler's carrier
     * threads, the I/O pollers that wake a parked reader and the timer of its timeout, which a request would otherwise
     * start on its clock. Nothing leaves the machine. Returns the reader, ended.
     */
    static Thread readLoopbackOnVirtualThread() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(LOOPBACK_TIMEOUT_MILLIS);
            var read = new CompletableFuture<Integer>();
            var reader = Thread.ofVirtual().name("parley-priming").start(() -> {
                try (var socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                    socket.setSoTimeout(LOOPBACK_TIMEOUT_MILLIS);
                    read.complete(socket.getInputStream().read());
                } catch (IOException | RuntimeException e) {
                    read.completeExceptionally(e);
                }
            });
            try (var accepted = server.accept()) {
                accepted.getOutputStream().write(1);
                if (read.get(LOOPBACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) != 1) {
                    throw new IllegalStateException("the loopback read returned another byte");
                }
            } finally {
                reader.join();
            }
            return reader;
        }
    }

    /**
     * Loads the classes of {@value #FIRST_CALL_CLASSES} with {@code loader}; returns how many it loaded. A class the
     * list names but the jar lacks (a list older than the code) is skipped.
     */
    static int preloadFirstCallClasses(ClassLoader loader) throws IOException {
        var list = loader.getResourceAsStream(FIRST_CALL_CLASSES);
        if (list == null) {
            return 0;
        }
        var loaded = 0;
        try (var reader = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                var name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, !name.startsWith(OWN_CLASSES), loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    LOG.debug("not preloaded: {}: {}", name, e.toString());
                }
            }
        }
        return loaded;
    }

    /** How many functions registered priming in this JVM. */
    public static int registered() {
        return REGISTERED.size();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            var live = new ArrayList<>(repeated);
            var failed = new ArrayList<Step>();
            var firstRoundEnds = 0L;
            for (int round = 1; round <= maxRounds && !live.isEmpty(); round++) {
                if (round > 1 && System.nanoTime() - firstRoundEnds > MORE_ROUNDS_BUDGET.toNanos()) {
                    break;
                }
                runEach(live, failed);
                live.removeAll(failed);
                if (round == 1) {
                    // The first round loads what the steps need; only the rounds after it are held to the budget.
                    runEach(once, failed);
                    firstRoundEnds = System.nanoTime();
                }
            }
        } finally {
            runEach(List.of(cleanup), new ArrayList<>());
        }
    }

    private void runEach(List<Step> run, List<Step> failed) {
        for (var step : run) {
            try {
                step.run();
            } catch (Exception e) {
                failed.add(step);
                LOG.warn("{}: a priming step failed, the first request will load what it would have: {}", function, e.toString());
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: priming holds no state that a restored environment would have to renew.
    }
}
