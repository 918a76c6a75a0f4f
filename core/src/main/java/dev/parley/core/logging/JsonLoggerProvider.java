package dev.parley.core.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Parley's SLF4J provider: one JSON object per line on standard output, which CloudWatch Logs
 * indexes as structured fields. A full logging framework would cost start-up time for nothing here.
 */
public final class JsonLoggerProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        mdcAdapter = new BasicMDCAdapter();
        markerFactory = new BasicMarkerFactory();
        loggerFactory = new JsonLoggerFactory(LogLevel.fromEnvironment(), mdcAdapter);
    }
}
