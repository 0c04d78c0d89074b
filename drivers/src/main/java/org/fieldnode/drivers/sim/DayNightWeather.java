// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Plausible outdoor weather for simulated sensors, as a pure function of time and seed:
 *
 * <ul>
 *   <li>temperature follows the day: coldest ({@value #MIN_CELSIUS} °C) at 05:00, warmest ({@value #MAX_CELSIUS}
 *       °C) at 15:00, rising over 10 hours and falling over 14 along half cosine waves;
 *   <li>relative humidity moves the other way, from {@value #MAX_HUMIDITY} %RH at 05:00 to {@value #MIN_HUMIDITY}
 *       %RH at 15:00;
 *   <li>pressure drifts around 101 325 Pa by up to about ±850 Pa over days, with a phase set by the seed;
 *   <li>small gaussian noise (σ 0.1 °C, 0.5 %RH, 5 Pa), drawn from the seed and the second of the instant.
 * </ul>
 *
 * The same seed, zone and instant always give the same conditions.
 */
public final class DayNightWeather implements Supplier<Conditions> {
    public static final double MIN_CELSIUS = 14.0;
    public static final double MAX_CELSIUS = 28.0;
    public static final double MIN_HUMIDITY = 40.0;
    public static final double MAX_HUMIDITY = 90.0;
    public static final double MEAN_PASCAL = 101_325.0;

    private static final double COLDEST_HOUR = 5.0;
    private static final double WARMEST_HOUR = 15.0;
    private static final double SLOW_DRIFT_HOURS = 74.0;
    private static final double FAST_DRIFT_HOURS = 29.0;

    private final InstantSource clock;
    private final long seed;
    private final ZoneId zone;
    private final double slowPhase;
    private final double fastPhase;

    /** Weather on UTC time of day. */
    public DayNightWeather(InstantSource clock, long seed) {
        this(clock, seed, ZoneOffset.UTC);
    }

    /** Weather on the time of day in {@code zone}. */
    public DayNightWeather(InstantSource clock, long seed, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.seed = seed;
        SplittableRandom phases = new SplittableRandom(seed);
        this.slowPhase = phases.nextDouble(2 * Math.PI);
        this.fastPhase = phases.nextDouble(2 * Math.PI);
    }

    /** The conditions now, by the clock given at construction. */
    @Override
    public Conditions get() {
        return at(clock.instant());
    }

    /** The conditions at {@code instant}. */
    public Conditions at(Instant instant) {
        double warmth = warmth(LocalTime.ofInstant(instant, zone).toSecondOfDay() / 3600.0);
        SplittableRandom noise = new SplittableRandom(seed ^ (instant.getEpochSecond() * 0x9E37_79B9_7F4A_7C15L));
        double celsius = MIN_CELSIUS + (MAX_CELSIUS - MIN_CELSIUS) * warmth + 0.1 * noise.nextGaussian();
        double humidity = MAX_HUMIDITY - (MAX_HUMIDITY - MIN_HUMIDITY) * warmth + 0.5 * noise.nextGaussian();
        double hours = instant.getEpochSecond() / 3600.0;
        double pascal = MEAN_PASCAL
                + 600 * Math.sin(2 * Math.PI * hours / SLOW_DRIFT_HOURS + slowPhase)
                + 250 * Math.sin(2 * Math.PI * hours / FAST_DRIFT_HOURS + fastPhase)
                + 5 * noise.nextGaussian();
        return new Conditions(celsius, Math.clamp(humidity, 0.0, 100.0), pascal);
    }

    /** 0 at the coldest hour, 1 at the warmest, along half cosine waves in between. */
    private static double warmth(double hourOfDay) {
        double sinceColdest = (hourOfDay - COLDEST_HOUR + 24) % 24;
        double rising = WARMEST_HOUR - COLDEST_HOUR;
        if (sinceColdest <= rising) {
            return 0.5 - 0.5 * Math.cos(Math.PI * sinceColdest / rising);
        }
        return 0.5 + 0.5 * Math.cos(Math.PI * (sinceColdest - rising) / (24 - rising));
    }
}
