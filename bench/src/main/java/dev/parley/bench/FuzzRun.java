package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code ./parley bench fuzz}: the fuzz properties of the test suite ({@code *FuzzTest}, jqwik) with their tries
 * multiplied by {@code --scale}, through Maven's surefire in the modules that have them. Each property appends its
 * tries and outcome to a ledger (dev.parley.core.fuzz.FuzzBudget); the run prints one line per property and a summary.
 */
final class FuzzRun {

    static final int DEFAULT_SCALE = 100;
    private static final String SUFFIX = "FuzzTest.java";

    private FuzzRun() {
    }

    /** One line of the ledger: a property's subject (the class under test), name, tries, status and first failure line. */
    record Outcome(String subject, String property, long tries, String status, String failure) {

        boolean failed() {
            return !status.equals("SUCCESSFUL");
        }

        static Outcome parse(String line) {
            var parts = line.split("\t", -1);
            if (parts.length < 5) {
                throw new IllegalArgumentException("not a ledger line: " + line);
            }
            return new Outcome(parts[0], parts[1], Long.parseLong(parts[2]), parts[3], parts[4]);
        }
    }

    static int run(Path root, Args args, PrintStream out) throws IOException, InterruptedException {
        var scale = args.integer("--scale", DEFAULT_SCALE);
        args.requireAllUsed();
        if (scale < 1) {
            throw new IllegalArgumentException("--scale must be at least 1");
        }
        var modules = modulesWithFuzzTests(root);
        if (modules.isEmpty()) {
            throw new IllegalStateException("no *FuzzTest classes under " + root);
        }
        var ledger = Files.createTempFile("parley-fuzz", ".tsv");
        try {
            out.println("  fuzz: " + String.join(", ", modules) + " with tries × " + scale);
            var started = System.nanoTime();
            var command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-pl", String.join(",", modules),
                    "-am", "test", "-Dtest=*FuzzTest", "-Dsurefire.failIfNoSpecifiedTests=false", "-Dmaven.test.failure.ignore=true",
                    "-Dcheckstyle.skip", "-Dparley.fuzz.scale=" + scale, "-Dparley.fuzz.ledger=" + ledger));
            var maven = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start().waitFor();
            var seconds = (System.nanoTime() - started) / 1e9;
            var outcomes = Files.readAllLines(ledger, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank())
                    .map(Outcome::parse).toList();
            outcomes.forEach(outcome -> out.printf("  %s.%s: %d tries, %s%s%n", outcome.subject(), outcome.property(), outcome.tries(),
                    outcome.status(), outcome.failed() ? ": " + outcome.failure() : ""));
            out.println(summary(outcomes, seconds));
            if (maven != 0) {
                out.println("  the Maven run failed (exit " + maven + "): see its output above");
                return 1;
            }
            return outcomes.stream().anyMatch(Outcome::failed) ? 1 : 0;
        } finally {
            Files.deleteIfExists(ledger);
        }
    }

    static String summary(List<Outcome> outcomes, double seconds) {
        var perSubject = new LinkedHashMap<String, Long>();
        outcomes.stream().sorted((a, b) -> a.subject().compareTo(b.subject()))
                .forEach(outcome -> perSubject.merge(outcome.subject(), outcome.tries(), Long::sum));
        var cases = outcomes.stream().mapToLong(Outcome::tries).sum();
        var failures = outcomes.stream().filter(Outcome::failed).count();
        return String.format("fuzz: %d cases in %.0f s (%s); %d properties, %d failures", cases, seconds,
                perSubject.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", ")),
                outcomes.size(), failures);
    }

    /** The Maven modules (relative paths) whose test sources hold a fuzz property, found by walking the tree. */
    static List<String> modulesWithFuzzTests(Path root) {
        var modules = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .filter(file -> StreamSupport.stream(root.relativize(file).spliterator(), false)
                            .noneMatch(part -> part.toString().equals("target")))
                    .forEach(file -> {
                        var dir = file.getParent();
                        while (dir != null && !dir.equals(root) && !Files.exists(dir.resolve("pom.xml"))) {
                            dir = dir.getParent();
                        }
                        if (dir != null && !dir.equals(root)) {
                            modules.add(root.relativize(dir).toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(modules);
    }
}
