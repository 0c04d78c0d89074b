// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DayNightWeatherTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-07-14T00:00:00Z");

    private final DayNightWeather weather = new DayNightWeather(InstantSource.system(), 7);

    @Test
    void overSeveralDays_valuesStayPlausible() {
        for (Instant t = MIDNIGHT; t.isBefore(MIDNIGHT.plus(Duration.ofDays(5))); t = t.plus(Duration.ofMinutes(7))) {
            Conditions c = weather.at(t);

            assertThat(c.celsius()).as("at %s", t).isBetween(13.0, 29.0);
            assertThat(c.relativeHumidity()).as("at %s", t).isBetween(37.0, 93.0);
            assertThat(c.pascal()).as("at %s", t).isBetween(100_400.0, 102_250.0);
        }
    }

    @Test
    void afternoon_isWarmerAndDrierThanDawn() {
        Conditions dawn = weather.at(MIDNIGHT.plus(Duration.ofHours(5)));
        Conditions afternoon = weather.at(MIDNIGHT.plus(Duration.ofHours(15)));

        assertThat(dawn.celsius()).isCloseTo(14.0, within(0.5));
        assertThat(afternoon.celsius()).isCloseTo(28.0, within(0.5));
        assertThat(afternoon.relativeHumidity()).isLessThan(dawn.relativeHumidity() - 40);
    }

    @Test
    void extremes_fallNear05And15() {
        Instant coldest = MIDNIGHT;
        Instant warmest = MIDNIGHT;
        for (Instant t = MIDNIGHT; t.isBefore(MIDNIGHT.plus(Duration.ofDays(1))); t = t.plus(Duration.ofMinutes(10))) {
            if (weather.at(t).celsius() < weather.at(coldest).celsius()) {
                coldest = t;
            }
            if (weather.at(t).celsius() > weather.at(warmest).celsius()) {
                warmest = t;
            }
        }

        assertThat(Duration.between(MIDNIGHT.plus(Duration.ofHours(5)), coldest).abs())
                .isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(MIDNIGHT.plus(Duration.ofHours(15)), warmest)
                        .abs())
                .isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void sameSeed_givesSameConditions_otherSeedDiffers() {
        DayNightWeather twin = new DayNightWeather(InstantSource.system(), 7);
        DayNightWeather other = new DayNightWeather(InstantSource.system(), 8);
        Instant t = MIDNIGHT.plus(Duration.ofHours(9));

        assertThat(twin.at(t)).isEqualTo(weather.at(t));
        assertThat(other.at(t)).isNotEqualTo(weather.at(t));
    }

    @Test
    void get_readsTheGivenClock_inTheGivenZone() {
        Instant localAfternoon = Instant.parse("2026-07-14T13:00:00Z"); // 15:00 at +02:00
        DayNightWeather cest = new DayNightWeather(InstantSource.fixed(localAfternoon), 7, ZoneOffset.ofHours(2));

        assertThat(cest.get()).isEqualTo(cest.at(localAfternoon));
        assertThat(cest.get().celsius()).isGreaterThan(27.0);
    }
}
