// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeSleeperTest {
    @Test
    void sleep_advancesVirtualTimeAndRecordsIt() {
        FakeSleeper sleeper = new FakeSleeper(1_000);

        sleeper.sleep(Duration.ofMillis(3));
        sleeper.sleep(Duration.ofNanos(-5));

        assertThat(sleeper.nanoTime()).isEqualTo(3_001_000);
        assertThat(sleeper.totalSlept()).isEqualTo(Duration.ofMillis(3));
        assertThat(sleeper.sleepCount()).isEqualTo(2);
    }

    @Test
    void advance_movesTimeWithoutCountingAsSleep() {
        FakeSleeper sleeper = new FakeSleeper();

        sleeper.advance(Duration.ofSeconds(1));

        assertThat(sleeper.nanoTime()).isEqualTo(1_000_000_000L);
        assertThat(sleeper.totalSlept()).isZero();
        assertThatThrownBy(() -> sleeper.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
