package dev.parley.core.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

/** Writes each event as one JSON line: timestamp, level, logger, message, the MDC, and the error. */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient Level threshold;
    private final transient MDCAdapter mdc;
    private final transient PrintStream out;

    JsonLogger(String name, Level threshold, MDCAdapter mdc, PrintStream out) {
        this.name = name;
        this.threshold = threshold;
        this.mdc = mdc;
        this.out = out;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        var formatted = MessageFormatter.basicArrayFormat(pattern, arguments);
        ObjectNode line = Json.object()
                .put("timestamp", Instant.now().toString())
                .put("level", level.name())
                .put("logger", name)
                .put("message", formatted);
        var context = mdc.getCopyOfContextMap();
        if (context != null) {
            context.forEach(line::put);
        }
        if (throwable != null) {
            var trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.put("errorType", throwable.getClass().getName());
            line.put("error", String.valueOf(throwable.getMessage()));
            line.put("stackTrace", trace.toString());
        }
        var text = Json.write(line);
        if (Rehearsing.underWay()) {
            // What a rehearsal's invocation logs did not happen.
            return;
        }
        synchronized (out) {
            out.println(text);
        }
    }
}
