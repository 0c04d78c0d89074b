// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SystemSchedulerClockTest {
    @Test
    void postedTasksRunOnTheSchedulerThread() throws Exception {
        try (SystemSchedulerClock clock = new SystemSchedulerClock(InstantSource.system(), 2)) {
            CountDownLatch ran = new CountDownLatch(1);
            clock.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFetchOutcomePostedAfterStop_isDropped_notThrownOnTheWorker() throws Exception {
        SystemSchedulerClock clock = new SystemSchedulerClock(InstantSource.system(), 2);
        clock.close();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatCode(() -> clock.execute(() -> ran.set(true))).doesNotThrowAnyException();
        assertThat(ran).isFalse();
    }
}
