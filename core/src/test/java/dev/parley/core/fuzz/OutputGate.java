package dev.parley.core.fuzz;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Standard output behind a gate that {@link FuzzBudget} closes while a fuzz property runs. Loggers keep the stream
 * they found when they were created, so the gate goes in when the test session opens, before any test creates one,
 * and stays: it is open except during a property.
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

        Gate(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            if (!muted) {
                original.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (!muted) {
                original.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
