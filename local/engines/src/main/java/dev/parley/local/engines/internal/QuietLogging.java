package dev.parley.local.engines.internal;

/**
 * Keeps the engines' own logs (logback, which ElasticMQ and S3Proxy bring) at WARN: without a configuration logback logs
 * at DEBUG. An application or test with its own logback configuration, or one given by {@code logback.configurationFile},
 * keeps it.
 */
public final class QuietLogging {

    static final String PROPERTY = "logback.configurationFile";
    static final String CONFIGURATION = "dev/parley/local/engines/logback-engines.xml";

    private QuietLogging() {
    }

    /** Must run before the first logger is created; harmless afterwards. */
    public static void apply() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        ClassLoader loader = QuietLogging.class.getClassLoader();
        if (loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
            return;
        }
        System.setProperty(PROPERTY, CONFIGURATION);
    }
}
