package dev.parley.core.fuzz;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Standard output behind a gate that {@link FuzzBudget} closes while a fuzz property runs. Loggers keep the stream
 * they found when they were created, so the gate goes in when the test session opens, before any test creates one,
 * and stays: it is open except during a property. What passes it can be copied for a test to read
 * ({@link dev.parley.core.fakes.CapturedOutput}).
 */
public final class OutputGate implements LauncherSessionListener {

    private static Gate installed;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    static void mute(boolean muted) {
        install().muted = muted;
    }

    /** Copies what passes the gate to {@code copy} as well, until {@code copy} is null again. */
    public static void tee(OutputStream copy) {
        install().copy = copy;
    }

    private static synchronized Gate install() {
        if (installed == null) {
            installed = new Gate(System.out);
            System.setOut(new PrintStream(installed, true, StandardCharsets.UTF_8));
        }
        return installed;
    }

    private static final class Gate extends OutputStream {

        private final PrintStream original;
        private volatile boolean muted;
        private volatile OutputStream copy;

        Gate(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) throws IOException {
            if (!muted) {
                original.write(b);
                var teed = copy;
                if (teed != null) {
                    teed.write(b);
                }
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!muted) {
                original.write(bytes, offset, length);
                var teed = copy;
                if (teed != null) {
                    teed.write(bytes, offset, length);
                }
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
