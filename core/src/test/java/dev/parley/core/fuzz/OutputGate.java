package dev.parley.core.fuzz;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Puts standard output behind {@link FuzzBudget}'s gate before any test runs, so that every logger, also those that
 * other tests create before a fuzz property, writes through it. The gate is open except while a property runs.
 */
public final class OutputGate implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        FuzzBudget.Gate.install();
    }
}
