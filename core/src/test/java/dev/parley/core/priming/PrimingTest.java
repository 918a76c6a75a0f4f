package dev.parley.core.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimingTest {

    @Test
    void checkpointAndRestore_whenTwoFunctionsRegistered_runsTheLastRegisteredFirstAsCracDoes() throws Exception {
        var ran = new CopyOnWriteArrayList<String>();
        var first = "first-" + UUID.randomUUID();
        var second = "second-" + UUID.randomUUID();
        Priming.register(first, () -> ran.add(first));
        Priming.register(second, () -> ran.add(second));

        Priming.checkpointAndRestore();

        assertThat(ran).containsExactly(second, first);
    }

    @Test
    void checkpointAndRestore_whenAStepFails_runsTheStepsAfterIt() throws Exception {
        var ran = new CopyOnWriteArrayList<String>();
        Priming.register("failing", () -> {
            throw new IllegalStateException("the service did not answer");
        }, () -> ran.add("after"));

        Priming.checkpointAndRestore();

        assertThat(ran).contains("after");
    }

    @Test
    void preloadFirstCallClasses_whenTheJarListsClasses_loadsThoseItHasAndSkipsTheRest(@TempDir Path jar) throws Exception {
        var list = jar.resolve(Priming.FIRST_CALL_CLASSES);
        Files.createDirectories(list.getParent());
        Files.writeString(list, """
                # a comment
                java.util.concurrent.Phaser

                java.time.chrono.ThaiBuddhistDate
                no.such.LongGoneClass
                """);

        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, PrimingTest.class.getClassLoader())) {
            assertThat(Priming.preloadFirstCallClasses(loader)).isEqualTo(2);
        }
    }

    @Test
    void preloadFirstCallClasses_whenTheJarHasNoList_loadsNothing(@TempDir Path empty) throws Exception {
        try (var loader = new URLClassLoader(new URL[] {empty.toUri().toURL()}, null)) {
            assertThat(Priming.preloadFirstCallClasses(loader)).isZero();
        }
    }

    @Test
    void jsonRoundTrip_whenRun_keepsTheFrameAsItWas() {
        assertThatCode(Priming::jsonRoundTrip).doesNotThrowAnyException();
    }
}
