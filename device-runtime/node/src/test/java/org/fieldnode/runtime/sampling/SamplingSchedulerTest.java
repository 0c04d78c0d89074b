// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.fieldnode.runtime.pipeline.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinylog.Level;

/** The scheduler in virtual time: hours of sampling per test, the same on every run. */
class SamplingSchedulerTest {
    /** Deliberately off any 5-minute or 1-minute boundary. */
    private static final Instant T0 = Instant.parse("2025-06-01T10:02:17.250Z");

    private static final BusProvider NO_BUSES = new BusProvider() {
        @Override
        public RegisterBus openI2cRegisters(String bus, int address, String sensorId) {
            throw new UnsupportedOperationException("scripted sensors open no bus");
        }

        @Override
        public I2cDevice openI2c(String bus, int address, String sensorId) {
            throw new UnsupportedOperationException("scripted sensors open no bus");
        }

        @Override
        public void close() {}
    };

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final ScriptedSensors sensors = new ScriptedSensors(clock);
    private final RecordingLog log = new RecordingLog(clock);
    private final List<Reading> sunk = new CopyOnWriteArrayList<>();
    private SamplingScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        clock.close();
    }

    private SamplingScheduler.Builder builder(SamplingScheduler.BoundSensor... bound) {
        return SamplingScheduler.builder(List.of(bound), NO_BUSES, sunk::addAll)
                .clock(clock)
                .log(log)
                .random(new SplittableRandom(42));
    }

    private void start(SamplingScheduler.Builder builder) {
        scheduler = builder.build();
        scheduler.start();
    }

    @Test
    void trustedClock_twoSensorsSampleExactlyOnTheirWallClockMultiples() {
        start(builder(sensors.bind("slow", Duration.ofMinutes(5)), sensors.bind("fast", Duration.ofMinutes(1)))
                .clockTrust(ClockTrust.always())
                .jitter(Jitter.NONE)
                .sampleAtStart(false));

        clock.advance(Duration.ofHours(1));

        List<Instant> everyFive = new ArrayList<>();
        for (Instant t = Instant.parse("2025-06-01T10:05:00Z");
                !t.isAfter(T0.plus(Duration.ofHours(1)));
                t = t.plus(Duration.ofMinutes(5))) {
            everyFive.add(t);
        }
        List<Instant> everyMinute = new ArrayList<>();
        for (Instant t = Instant.parse("2025-06-01T10:03:00Z");
                !t.isAfter(T0.plus(Duration.ofHours(1)));
                t = t.plus(Duration.ofMinutes(1))) {
            everyMinute.add(t);
        }
        assertThat(sensors.script("slow").fetches)
                .containsExactlyElementsOf(everyFive)
                .hasSize(12);
        assertThat(sensors.script("fast").fetches)
                .containsExactlyElementsOf(everyMinute)
                .hasSize(60);
        assertThat(sunk)
                .hasSize(72)
                .allSatisfy(r -> assertThat(r.observedAt().getNano()).isZero());
        assertThat(scheduler.sampled()).isEqualTo(72);
    }

    @Test
    void untrustedClock_samplesAtStartThenEveryIntervalOnTheMonotonicClock_withoutDrift() {
        Duration interval = Duration.ofSeconds(10);
        start(builder(sensors.bind("env0", interval)));

        clock.advance(Duration.ofHours(2).plusSeconds(1));

        List<Instant> fetches = sensors.script("env0").fetches;
        assertThat(fetches).hasSize(721);
        long maxJitter = Jitter.DEFAULT.max(interval).toNanos();
        assertThat(maxJitter).isEqualTo(200_000_000L);
        for (int k = 0; k < fetches.size(); k++) {
            long offset = Duration.between(T0, fetches.get(k)).toNanos() - k * interval.toNanos();
            assertThat(offset).as("sample %d", k).isBetween(0L, k == 0 ? 0L : maxJitter);
        }
    }

    @Test
    void jitter_staysWithinTwoPercentOfTheIntervalAndFiveSeconds_constantPerSensor_andVariesBetweenSensors() {
        start(builder(
                        sensors.bind("s10", Duration.ofSeconds(10)),
                        sensors.bind("m5", Duration.ofMinutes(5)),
                        sensors.bind("h1", Duration.ofHours(1)),
                        sensors.bind("m5b", Duration.ofMinutes(5)),
                        sensors.bind("m5c", Duration.ofMinutes(5)),
                        sensors.bind("m5d", Duration.ofMinutes(5)))
                .clockTrust(ClockTrust.always())
                .sampleAtStart(false));

        clock.advance(Duration.ofHours(12));

        // Each sensor's interval and its largest delay: 2 % of the interval, at most 5 s.
        record Expected(Duration interval, Duration maxDelay) {}
        Expected fiveMinutes = new Expected(Duration.ofMinutes(5), Duration.ofSeconds(5));
        Map<String, Expected> expected = Map.of(
                "s10", new Expected(Duration.ofSeconds(10), Duration.ofMillis(200)),
                "m5", fiveMinutes,
                "h1", new Expected(Duration.ofHours(1), Duration.ofSeconds(5)),
                "m5b", fiveMinutes,
                "m5c", fiveMinutes,
                "m5d", fiveMinutes);
        Set<Long> phases = new HashSet<>();
        for (String id : expected.keySet()) {
            Set<Long> offsets = new HashSet<>();
            Instant previousSlot = null;
            for (Instant t : sensors.script(id).fetches) {
                long i = expected.get(id).interval().toNanos();
                long epochNanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                long offset = Math.floorMod(epochNanos, i);
                Instant slot = t.minusNanos(offset);
                assertThat(offset)
                        .as("%s at %s", id, t)
                        .isBetween(0L, expected.get(id).maxDelay().toNanos());
                assertThat(offset % 1_000_000L).as("%s: whole milliseconds", id).isZero();
                assertThat(slot).as("%s: one sample per slot", id).isNotEqualTo(previousSlot);
                previousSlot = slot;
                offsets.add(offset);
            }
            assertThat(offsets).as("%s: one phase for all its samples", id).hasSize(1);
            phases.addAll(offsets);
        }
        assertThat(phases).as("phases vary between sensors").hasSizeGreaterThan(3);
        assertThat(sensors.script("h1").fetches).hasSize(12);
        assertThat(sensors.script("m5").fetches).hasSize(144);
    }

    @Test
    void onTimeSamples_areStampedAtTheirPlannedInstant_exactlyOneIntervalApart() {
        start(builder(sensors.bind("m5", Duration.ofMinutes(5)))
                .clockTrust(ClockTrust.always())
                .sampleAtStart(false));

        clock.advance(Duration.ofHours(1));

        List<Instant> stamps = sunk.stream().map(Reading::observedAt).distinct().toList();
        assertThat(stamps).hasSize(12);
        for (int k = 1; k < stamps.size(); k++) {
            assertThat(Duration.between(stamps.get(k - 1), stamps.get(k))).isEqualTo(Duration.ofMinutes(5));
        }
        assertThat(stamps).containsExactlyElementsOf(sensors.script("m5").fetches);
    }

    @Test
    void whenTheClockBecomesTrusted_samplesMoveOntoWallClockMultiples() {
        AtomicBoolean trusted = new AtomicBoolean(false);
        start(builder(sensors.bind("env0", Duration.ofMinutes(1)))
                .clockTrust(trusted::get)
                .jitter(Jitter.NONE));
        clock.advance(Duration.ofMinutes(3));
        assertThat(sensors.script("env0").fetches)
                .allSatisfy(t -> assertThat(t.getNano()).isEqualTo(250_000_000));

        trusted.set(true);
        clock.advance(Duration.ofMinutes(3));

        // The sample already scheduled at 10:06:17.25 still runs; after it, every sample is on the minute.
        List<Instant> fetches = sensors.script("env0").fetches;
        assertThat(fetches.subList(5, fetches.size()))
                .containsExactly(Instant.parse("2025-06-01T10:07:00Z"), Instant.parse("2025-06-01T10:08:00Z"));
    }

    @Test
    void hungSensor_isAbandonedAtItsDeadline_andNeverDelaysTheOther() throws Exception {
        start(builder(sensors.bind("stuck", Duration.ofSeconds(10)), sensors.bind("fine", Duration.ofSeconds(10)))
                .clockTrust(ClockTrust.always())
                .jitter(Jitter.NONE)
                .fetchDeadline(Duration.ofSeconds(3))
                .sampleAtStart(false));
        sensors.script("stuck").hangAtFetch(1);

        clock.advance(Duration.ofMinutes(2));

        // The other sensor kept every slot, 10:02:20 … 10:04:10.
        List<Instant> fine = sensors.script("fine").fetches;
        assertThat(fine).hasSize(12);
        for (int k = 0; k < fine.size(); k++) {
            assertThat(fine.get(k))
                    .isEqualTo(Instant.parse("2025-06-01T10:02:20Z").plusSeconds(10L * k));
        }
        // The stuck one: fetch 0 at :20 fine, fetch 1 at :30 hangs; no second fetch or open while it is out.
        ScriptedSensors.Script stuck = sensors.script("stuck");
        assertThat(stuck.fetches).hasSize(2);
        assertThat(stuck.opens).hasSize(1);
        assertThat(clock.workersRunning()).isEqualTo(1);
        assertThat(scheduler.health().get("stuck")).isInstanceOfSatisfying(SensorHealth.BackingOff.class, h -> {
            assertThat(h.since()).isEqualTo(Instant.parse("2025-06-01T10:02:33Z"));
            assertThat(h.failures()).isGreaterThan(1);
        });
        assertThat(scheduler.failingSensors()).containsExactly("stuck");
        assertThat(log.at(Level.WARN, "Sensor stuck failing: no answer within the 3s fetch deadline (abandoned)"))
                .hasSize(1);

        stuck.release();
        clock.advance(Duration.ofMinutes(20));

        // The stale fetch came back: the sensor was closed, re-opened after its back-off, and sampled again.
        assertThat(stuck.closes.get()).isEqualTo(1);
        assertThat(stuck.opens).hasSize(2);
        assertThat(scheduler.health().get("stuck")).isEqualTo(SensorHealth.OK);
        assertThat(log.at(Level.INFO, "Sensor stuck recovered")).hasSize(1);
        assertThat(sensors.script("fine").fetches).hasSize(12 + 120);
    }

    @Test
    void failingSensor_backsOffOneTwoFourEightSixteenSeconds_thenRecoversOnSchedule() {
        ScriptedSensors.Script absent;
        SamplingScheduler.BoundSensor env0 = sensors.bind("env0", Duration.ofMinutes(1));
        absent = sensors.script("env0");
        absent.failOpens(5);
        start(builder(env0).jitter(Jitter.NONE));

        clock.advance(Duration.ofSeconds(2));
        assertThat(scheduler.health().get("env0"))
                .isEqualTo(new SensorHealth.BackingOff("env0: no answer at 0x40", T0, 2, T0.plusSeconds(3)));

        clock.advance(Duration.ofSeconds(118));

        List<Long> openedAt = absent.opens.stream()
                .map(t -> Duration.between(T0, t).toSeconds())
                .toList();
        assertThat(openedAt).containsExactly(0L, 1L, 3L, 7L, 15L, 31L);
        // Re-opened at 31 s, it samples at its next slot (60 s), not off schedule.
        assertThat(absent.fetches)
                .extracting(t -> Duration.between(T0, t).toSeconds())
                .containsExactly(60L, 120L);
        assertThat(scheduler.health().get("env0")).isEqualTo(SensorHealth.OK);
        assertThat(log.at(Level.WARN, "Sensor env0"))
                .extracting(RecordingLog.Line::text)
                .containsExactly("Sensor env0 failing: env0: no answer at 0x40 (re-open in 1s)");
        assertThat(log.at(Level.DEBUG, "Sensor env0 still failing")).hasSize(4);
        assertThat(log.at(Level.INFO, "Sensor env0 recovered"))
                .extracting(RecordingLog.Line::text)
                .containsExactly("Sensor env0 recovered after 1m (5 failed attempt(s))");
    }

    @Test
    void permanentlyAbsentSensor_backOffCapsAtTenMinutes_andWarnsAtMostEveryTenMinutes() {
        SamplingScheduler.BoundSensor gone = sensors.bind("gone", Duration.ofSeconds(30));
        sensors.script("gone").failOpens(Integer.MAX_VALUE);
        start(builder(gone, sensors.bind("fine", Duration.ofSeconds(30))).jitter(Jitter.NONE));

        clock.advance(Duration.ofHours(3));

        List<Instant> opens = sensors.script("gone").opens;
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < opens.size(); i++) {
            gaps.add(Duration.between(opens.get(i - 1), opens.get(i)).toSeconds());
        }
        assertThat(gaps.subList(0, 11)).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 600L);
        assertThat(gaps.subList(11, gaps.size())).containsOnly(600L);

        List<RecordingLog.Line> warns = log.at(Level.WARN, "Sensor gone");
        assertThat(warns.getFirst().text()).startsWith("Sensor gone failing:");
        assertThat(warns.subList(1, warns.size()))
                .allSatisfy(l -> assertThat(l.text()).startsWith("Sensor gone still failing after "));
        for (int i = 1; i < warns.size(); i++) {
            assertThat(warns.get(i).atNanos() - warns.get(i - 1).atNanos())
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(10).toNanos());
        }
        assertThat(warns).hasSizeBetween(10, 19);
        assertThat(sensors.script("fine").fetches).hasSize(361);
        assertThat(log.at(Level.WARN, "Sensor fine")).isEmpty();
    }

    @Test
    void transientFaults_keepTheSensorOpen_untilThreeInARowForceAReopen() {
        SamplingScheduler.BoundSensor env0 = sensors.bind("env0", Duration.ofSeconds(10));
        ScriptedSensors.Script script = sensors.script("env0");
        script.failFetches(2, true);
        start(builder(env0).jitter(Jitter.NONE));

        clock.advance(Duration.ofSeconds(15));
        assertThat(scheduler.health().get("env0")).isInstanceOf(SensorHealth.Failing.class);
        clock.advance(Duration.ofSeconds(10));
        assertThat(scheduler.health().get("env0")).isEqualTo(SensorHealth.OK);
        assertThat(script.opens).hasSize(1);
        assertThat(script.closes.get()).isZero();

        script.failFetches(3, true);
        clock.advance(Duration.ofSeconds(25)); // fails at 30, 40, 50 s: the third closes it
        assertThat(script.closes.get()).isEqualTo(1);
        assertThat(scheduler.health().get("env0")).isInstanceOf(SensorHealth.BackingOff.class);
        clock.advance(Duration.ofSeconds(5)); // re-opened at 51 s, not yet sampled
        assertThat(script.opens).hasSize(2);
        assertThat(scheduler.health().get("env0")).isInstanceOf(SensorHealth.Failing.class);
        clock.advance(Duration.ofSeconds(5)); // sampled at 60 s
        assertThat(scheduler.health().get("env0")).isEqualTo(SensorHealth.OK);
    }

    @Test
    void readingsPassThroughTheSensorsPipelineBeforeTheSink() {
        PipelineSpec deadband = PipelineSpec.parse(
                List.of(Map.of("stage", "deadband", "step", "0.5", "max-silence", "1m")), "sensors[0].pipeline");
        start(builder(sensors.bind("env0", Duration.ofSeconds(10), deadband)).jitter(Jitter.NONE));

        clock.advance(Duration.ofSeconds(55)); // samples at 0, 10, … 50 s, steady at 20 °C
        assertThat(sunk).hasSize(1);
        sensors.script("env0").value = 21;
        clock.advance(Duration.ofSeconds(10)); // 60 s: changed
        clock.advance(Duration.ofSeconds(60)); // 70 … 120 s: steady, 120 s is max-silence after 60 s

        assertThat(sunk)
                .extracting(r -> Duration.ofNanos(r.monotonicNanos()).toSeconds())
                .containsExactly(0L, 60L, 120L);
        assertThat(scheduler.measured()).isEqualTo(13);
        assertThat(scheduler.sampled()).isEqualTo(3);
    }

    @Test
    void intervalsOutsideOneSecondToOneDay_areRefused() {
        assertThatThrownBy(() ->
                        builder(sensors.bind("env0", Duration.ofMillis(500))).build())
                .hasMessage("env0: interval must be from 1s to 1d, got 500ms");
        assertThatThrownBy(
                        () -> builder(sensors.bind("env1", Duration.ofDays(2))).build())
                .hasMessage("env1: interval must be from 1s to 1d, got 2d");
    }
}
