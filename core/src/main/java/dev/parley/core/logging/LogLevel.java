package dev.parley.core.logging;

import dev.parley.core.config.Environment;
import java.util.Locale;
import org.slf4j.event.Level;

/** The threshold from {@code LOG_LEVEL}; libraries are held to WARN so their chatter stays out. */
record LogLevel(Level parley, Level libraries) {

    static final String LOG_LEVEL = "LOG_LEVEL";

    static LogLevel fromEnvironment() {
        var configured = Environment.system().get(LOG_LEVEL);
        Level level;
        try {
            level = configured == null ? Level.INFO : Level.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = Level.INFO;
        }
        var libraries = level.toInt() > Level.WARN.toInt() ? level : Level.WARN;
        return new LogLevel(level, libraries);
    }

    Level thresholdFor(String loggerName) {
        return loggerName.startsWith("dev.parley") ? parley : libraries;
    }
}
