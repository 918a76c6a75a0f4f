package dev.parley.core.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogLevel level;
    private final MDCAdapter mdc;

    JsonLoggerFactory(LogLevel level, MDCAdapter mdc) {
        this.level = level;
        this.mdc = mdc;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, level.thresholdFor(n), mdc, System.out));
    }
}
