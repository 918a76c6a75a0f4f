package dev.parley.core.priming;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>A step must have no side effect: it reads, or sends a request the service refuses without reading or writing
 * anything. A step that fails is logged and the next one runs: priming only makes the first request faster, and a
 * failed snapshot would stop the deployment instead.
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

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String function;
    private final List<Step> steps;

    private Priming(String function, List<Step> steps) {
        this.function = Objects.requireNonNull(function, "function");
        this.steps = List.copyOf(steps);
    }

    /** Registers the steps to run before the snapshot of this function's execution environment. */
    public static void register(String function, Step... steps) {
        var priming = new Priming(function, List.of(steps));
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

    /** How many functions registered priming in this JVM. */
    public static int registered() {
        return REGISTERED.size();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (var step : steps) {
            try {
                step.run();
            } catch (Exception e) {
                LOG.warn("{}: a priming step failed, the first request will load what it would have: {}", function, e.toString());
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: priming holds no state that a restored environment would have to renew.
    }
}
