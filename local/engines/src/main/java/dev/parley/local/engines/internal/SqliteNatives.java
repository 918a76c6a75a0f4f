package dev.parley.local.engines.internal;

import dev.parley.local.engines.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Makes the sqlite4java natives that DynamoDB Local needs loadable: they are packed into this jar (so a shaded jar
 * carries them too), copied once per JVM to a temporary directory, and {@code sqlite4java.library.path} points there.
 */
public final class SqliteNatives {

    static final String PROPERTY = "sqlite4java.library.path";
    private static final String RESOURCE_DIRECTORY = "/dev/parley/local/engines/natives/";
    private static final List<String> LIBRARIES = List.of(
            "libsqlite4java-linux-amd64.so",
            "libsqlite4java-linux-i386.so",
            "libsqlite4java-osx.dylib",
            "sqlite4java-win32-x64.dll",
            "sqlite4java-win32-x86.dll");

    private static volatile boolean prepared;

    private SqliteNatives() {
    }

    /** Sets {@code sqlite4java.library.path} unless the caller already set it. Idempotent and thread-safe. */
    public static synchronized void prepare() {
        if (prepared || System.getProperty(PROPERTY) != null) {
            prepared = true;
            return;
        }
        try {
            Path directory = Files.createTempDirectory("parley-sqlite4java");
            int copied = 0;
            for (String library : LIBRARIES) {
                try (InputStream in = SqliteNatives.class.getResourceAsStream(RESOURCE_DIRECTORY + library)) {
                    if (in != null) {
                        Path target = directory.resolve(library);
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().deleteOnExit();
                        copied++;
                    }
                }
            }
            directory.toFile().deleteOnExit();
            if (copied == 0) {
                throw new EngineException("sqlite4java natives missing from the classpath under " + RESOURCE_DIRECTORY);
            }
            System.setProperty(PROPERTY, directory.toString());
            prepared = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the sqlite4java natives", e);
        }
    }
}
