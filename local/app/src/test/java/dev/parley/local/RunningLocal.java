package dev.parley.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** One Parley Local per test JVM, started on free ports from the repository this module lives in. */
final class RunningLocal {

    private static ParleyLocal instance;

    private RunningLocal() {
    }

    static synchronized ParleyLocal get() throws Exception {
        if (instance == null) {
            instance = ParleyLocal.start(ParleyLocal.Options.defaults(repositoryRoot()).withPort(0));
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(instance::close));
        }
        return instance;
    }

    static Path repositoryRoot() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isRegularFile(dir.resolve("parley"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the Parley repository");
    }
}
