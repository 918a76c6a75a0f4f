package dev.parley.local;

import dev.parley.infra.CdkJson;
import dev.parley.infra.ParleyApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CDK app's cloud assembly for Parley Local. Synthesizing takes seconds (the CDK runs on Node through jsii), so
 * the assembly is kept in the work directory with a key over everything it is made from — the CDK app's code, every
 * function jar, cdk.json and the context — and synthesized again only when that key changes.
 */
final class SynthesizedApp {

    static final String ASSEMBLY = "cdk.out";
    static final String KEY_FILE = "cdk.out.key";

    private SynthesizedApp() {
    }

    /** The assembly for these inputs under {@code workDirectory}, synthesized if the kept one was made from other inputs. */
    static Path assembly(Path repositoryRoot, Path workDirectory, Map<String, Object> context) throws IOException {
        var assembly = workDirectory.resolve(ASSEMBLY);
        var keyFile = workDirectory.resolve(KEY_FILE);
        var key = key(repositoryRoot, context);
        if (Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key) && complete(assembly)) {
            return assembly;
        }
        // The key goes first, so that an interrupted synthesis never leaves a key beside a partial assembly.
        Files.deleteIfExists(keyFile);
        deleteRecursively(assembly);
        Files.createDirectories(workDirectory);
        ParleyApp.synthesize(repositoryRoot, assembly, context);
        Files.writeString(keyFile, key);
        return assembly;
    }

    /** A digest of the app's code, the function jars and the context: equal keys synthesize equal assemblies. */
    static String key(Path repositoryRoot, Map<String, Object> context) throws IOException {
        var digest = sha256();
        update(digest, "context " + new TreeMap<>(context));
        update(digest, "cdk.json " + Files.readString(repositoryRoot.resolve(CdkJson.RELATIVE_PATH)));
        update(digest, "app " + fingerprint(codeOf(ParleyApp.class)));
        try (var modules = Files.list(repositoryRoot.resolve("functions"))) {
            for (var module : modules.sorted().toList()) {
                var jar = module.resolve("target").resolve("function.jar");
                if (Files.isRegularFile(jar)) {
                    update(digest, "function " + module.getFileName() + " " + fingerprint(jar));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean complete(Path assembly) {
        return Files.isRegularFile(assembly.resolve("manifest.json"))
                && Files.isRegularFile(assembly.resolve(ParleyApp.STATEFUL + ".template.json"))
                && Files.isRegularFile(assembly.resolve(ParleyApp.STATELESS + ".template.json"));
    }

    /** Size and modification time of a file, or of every file under a directory (classes on a test class path). */
    private static String fingerprint(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis();
        }
        var text = new StringBuilder();
        try (Stream<Path> files = Files.walk(path)) {
            for (var file : files.filter(Files::isRegularFile).sorted().toList()) {
                text.append(path.relativize(file)).append(' ').append(fingerprint(file)).append('\n');
            }
        }
        return text.toString();
    }

    private static Path codeOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
