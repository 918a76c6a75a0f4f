package dev.parley.core.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.core.logging.Rehearsing;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

        assertThat(ran).contains(first, second);
        assertThat(ran.lastIndexOf(second)).isLessThan(ran.indexOf(first));
    }

    @Test
    void checkpointAndRestore_whenAStepSucceeds_runsItAgainInLaterRoundsSoTheJitCompilesItsPath() throws Exception {
        var runs = new AtomicInteger();
        Priming.register("repeated-" + UUID.randomUUID(), runs::incrementAndGet);

        Priming.checkpointAndRestore();

        assertThat(runs.get()).isGreaterThan(1).isLessThanOrEqualTo(Priming.MAX_ROUNDS);
    }

    @Test
    void checkpointAndRestore_whenARehearsalIsRegistered_runsItMoreRoundsThanAStepAndOnlyItIsRehearsing() throws Exception {
        var runs = new AtomicInteger();
        var rehearsing = new CopyOnWriteArrayList<Boolean>();
        Priming.rehearse("rehearsed-" + UUID.randomUUID(), () -> () -> {
            runs.incrementAndGet();
            rehearsing.add(Rehearsing.underWay());
        });

        Priming.checkpointAndRestore();

        assertThat(runs.get()).isGreaterThan(Priming.MAX_ROUNDS).isLessThanOrEqualTo(Priming.MAX_REHEARSALS);
        assertThat(rehearsing).containsOnly(true);
        assertThat(Rehearsing.underWay()).isFalse();
    }

    @Test
    void checkpointAndRestore_whenARehearsalBuiltClients_closesThemOnceAfterItsLastRound() throws Exception {
        var rounds = new AtomicInteger();
        var closedAfterRounds = new CopyOnWriteArrayList<Integer>();
        Priming.rehearse("closing-" + UUID.randomUUID(), () -> {
            Priming.afterRehearsal(() -> closedAfterRounds.add(rounds.get()));
            return rounds::incrementAndGet;
        });

        Priming.checkpointAndRestore();

        assertThat(closedAfterRounds).containsExactly(rounds.get());
    }

    @Test
    void checkpointAndRestore_whenAStepFails_runsItOnceAndTheStepsAfterItInEveryRound() throws Exception {
        var failures = new AtomicInteger();
        var after = new AtomicInteger();
        Priming.register("failing-" + UUID.randomUUID(), () -> {
            failures.incrementAndGet();
            throw new IllegalStateException("the service did not answer");
        }, after::incrementAndGet);

        Priming.checkpointAndRestore();

        assertThat(failures).hasValue(1);
        assertThat(after.get()).isGreaterThan(1);
    }

    @Test
    void checkpointAndRestore_whenAStepFails_runsTheCleanupOnceAfterTheLastRound() throws Exception {
        var ran = new CopyOnWriteArrayList<String>();
        Priming.register("cleaned-" + UUID.randomUUID(), List.of(() -> ran.add("step"), () -> {
            throw new IllegalStateException("the service did not answer");
        }), () -> ran.add("cleanup"));

        Priming.checkpointAndRestore();

        assertThat(ran).filteredOn("cleanup"::equals).hasSize(1);
        assertThat(ran.getLast()).isEqualTo("cleanup");
        assertThat(ran).filteredOn("step"::equals).hasSizeGreaterThan(1);
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
