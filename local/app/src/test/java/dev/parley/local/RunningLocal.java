package dev.parley.local;

import dev.parley.local.faults.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One Parley Local per test JVM, started on free ports from the repository this module lives in, with fault injection
 * in place but no fault: a test that injects some sets them ({@code faults().set(…)}) and clears them again.
 */
public final class RunningLocal {

    private static ParleyLocal instance;

    private RunningLocal() {
    }

    public static synchronized ParleyLocal get() throws Exception {
        if (instance == null) {
            instance = ParleyLocal.start(ParleyLocal.Options.defaults(repositoryRoot()).withPort(0).withFaults(Faults.Spec.none(1)));
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(instance::close));
        }
        return instance;
    }

    /** The endpoints of the running Parley Local, once a client's handshake succeeds there. */
    static Endpoints endpoints() throws Exception {
        var local = get();
        awaitHandshakes(local);
        return local.endpoints();
    }

    /** A user or channel name no other test uses: the tests of a JVM share one Parley Local. */
    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * Waits until a handshake succeeds: the authorizer and {@code $connect} start cold, and on a loaded machine their
     * first start can outlast a client's handshake timeout.
     */
    static void awaitHandshakes(ParleyLocal local) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (var client = ChatClient.connect(local.endpoints(), "warm-up")) {
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
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
