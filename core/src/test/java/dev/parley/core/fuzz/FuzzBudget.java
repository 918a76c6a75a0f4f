package dev.parley.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Runs a fuzz property with its {@code tries} multiplied by the system property {@value #SCALE} (1 in the test
 * suite, larger in {@code ./parley bench fuzz}), with standard output held back while it runs (every case would log
 * and write metrics; {@value #VERBOSE} lets them through), and, when {@value #LEDGER} names a file, appends one line per property:
 * subject, property, tries, status and the failure, tab-separated.
 */
public final class FuzzBudget implements AroundPropertyHook {

    public static final String SCALE = "parley.fuzz.scale";
    public static final String LEDGER = "parley.fuzz.ledger";
    public static final String VERBOSE = "parley.fuzz.verbose";
    private static final String SUFFIX = "FuzzTest";

    /** Added to a test class, the hook wraps each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        var scale = Integer.getInteger(SCALE, 1);
        if (scale < 1) {
            throw new IllegalArgumentException(SCALE + " must be at least 1");
        }
        var tries = context.attributes().tries()
                .orElseThrow(() -> new IllegalStateException("a fuzz property names its tries: " + context.label()));
        context.attributes().setTries(Math.multiplyExact(tries, scale));
        var quiet = !Boolean.getBoolean(VERBOSE);
        if (quiet) {
            OutputGate.mute(true);
        }
        PropertyExecutionResult result;
        try {
            result = property.execute();
        } finally {
            if (quiet) {
                OutputGate.mute(false);
            }
        }
        record(context, result);
        return result;
    }

    private static void record(PropertyLifecycleContext context, PropertyExecutionResult result) {
        var ledger = System.getProperty(LEDGER);
        if (ledger == null || ledger.isBlank()) {
            return;
        }
        var subject = context.containerClass().getSimpleName();
        if (subject.endsWith(SUFFIX)) {
            subject = subject.substring(0, subject.length() - SUFFIX.length());
        }
        var failure = result.throwable().map(t -> String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse("");
        var line = String.join("\t", subject, context.targetMethod().getName(), Integer.toString(result.countTries()),
                result.status().name(), failure.replace('\t', ' ')) + "\n";
        synchronized (FuzzBudget.class) {
            try {
                Files.writeString(Path.of(ledger), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
