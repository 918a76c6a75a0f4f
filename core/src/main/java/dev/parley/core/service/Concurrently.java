package dev.parley.core.service;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the independent reads and checks of one request at the same time, so a request waits for the slowest of
 * them rather than for their sum. Each runs on a virtual thread; {@link Task#join()} rethrows what the task threw.
 */
final class Concurrently {

    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private Concurrently() {
    }

    /** One task under way. */
    static final class Task<T> {

        private final Future<T> future;

        private Task(Future<T> future) {
            this.future = future;
        }

        /** The task's result; what it threw is thrown here as it was. */
        T join() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                throw new IllegalStateException("interrupted while waiting for a check", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RuntimeException runtime -> throw runtime;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        }
    }

    static <T> Task<T> call(Callable<T> work) {
        return new Task<>(THREADS.submit(work));
    }

    static Task<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        });
    }
}
