package dev.parley.core.priming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrimingIT {

    @Test
    void readLoopbackOnVirtualThread_whenRun_readsOnAVirtualThreadThatHasEnded() throws Exception {
        var reader = Priming.readLoopbackOnVirtualThread();

        assertThat(reader.isVirtual()).isTrue();
        assertThat(reader.isAlive()).isFalse();
        assertThat(reader.getName()).isEqualTo("parley-priming");
    }
}
