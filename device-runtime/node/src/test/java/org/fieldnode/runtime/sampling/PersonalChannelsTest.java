// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.testing.DriverJarFiles;
import org.fieldnode.runtime.testing.PeopleCounterFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R21: a quantity a driver declares personal is off unless the profile keeps it ({@code personal:}); the
 * key is checked against the driver's declaration with FILE:LINE:COLUMN. Proven with a test door counter whose
 * {@code count} is personal and whose {@code temperature} is not.
 */
class PersonalChannelsTest {
    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    private static final PeopleCounterFactory COUNTER = new PeopleCounterFactory();
    private static final ProfileLoader LOADER = new ProfileLoader(
            Set.of(PeopleCounterFactory.COMPATIBLE, "bosch,bme280"),
            Map.of(PeopleCounterFactory.COMPATIBLE, COUNTER.personalChannels()));
    private static final String KIT = """
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - id: door0
                compatible: test,people-counter
                bus: i2c1
                reg: 0x30
                interval: 10s
            %s""";

    private static final BusProvider NO_BUSES = new BusProvider() {
        @Override
        public RegisterBus openI2cRegisters(String bus, int address, String sensorId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public I2cDevice openI2c(String bus, int address, String sensorId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    };

    @TempDir
    Path dir;

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final List<Reading> sunk = new CopyOnWriteArrayList<>();
    private SamplingScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        clock.close();
    }

    private List<String> problems(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), yaml);
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> LOADER.loadFile(file));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }

    private Set<Channel> sampledChannels(SensorConfig sensor) {
        scheduler = SamplingScheduler.builder(
                        List.of(new SamplingScheduler.BoundSensor(sensor, COUNTER)), NO_BUSES, sunk::addAll)
                .clock(clock)
                .log(new RecordingLog(clock))
                .build();
        scheduler.start();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sunk).isNotEmpty();
        return sunk.stream().map(Reading::channel).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void personalQuantity_isOffByDefault_theOthersAreKept() throws Exception {
        Profile profile = LOADER.parse("kit.yaml", KIT.formatted(""));

        SensorConfig door = profile.sensors().get(0);
        assertThat(door.personal()).isEmpty();
        assertThat(sampledChannels(door)).containsExactly(Channel.AMBIENT_TEMPERATURE);
    }

    @Test
    void profileThatKeepsIt_getsIt() throws Exception {
        Profile profile = LOADER.parse("kit.yaml", KIT.formatted("    personal: [count]\n"));

        SensorConfig door = profile.sensors().get(0);
        assertThat(door.personal()).containsExactly(Channel.COUNT);
        assertThat(sampledChannels(door)).containsExactlyInAnyOrder(Channel.COUNT, Channel.AMBIENT_TEMPERATURE);
    }

    @Test
    void quantityTheDriverDoesNotDeclarePersonal_isALocatedProblem() throws Exception {
        Path file = dir.resolve("node.yaml");

        assertThat(problems(KIT.formatted("    personal: [temperature, cuont]\n")))
                .containsExactly(
                        file + ":9:16: sensors[0].personal[0]: 'temperature' is not a personal quantity of"
                                + " test,people-counter (it declares count)",
                        file + ":9:29: sensors[0].personal[1]: 'cuont' is not a personal quantity of"
                                + " test,people-counter, did you mean count? (it declares count)");
    }

    @Test
    void driverWithoutPersonalQuantities_andAScalar_areExplained() throws Exception {
        Path file = dir.resolve("node.yaml");
        String bme = """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, personal: [temperature] }
                  - { id: door0, compatible: "test,people-counter", bus: i2c1, reg: 0x30, personal: count }
                """;

        assertThat(problems(bme))
                .containsExactly(
                        file + ":4:78: sensors[0].personal[0]: 'temperature' is not a personal quantity of"
                                + " bosch,bme280 (it declares none, so nothing needs enabling: leave personal out)",
                        file + ":5:85: sensors[1].personal: expected a list of the personal quantities to keep, e.g."
                                + " [presence]");
    }

    /** A driver that calls a channel personal without producing it is a driver bug, refused when drivers load. */
    @Test
    void driverDeclaringAPersonalChannelItDoesNotProduce_isRefusedWhenDriversLoad() throws Exception {
        Path jar = DriverJarFiles.listing(dir.resolve("bad.jar"), MisdeclaredFactory.class);

        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            IllegalStateException e =
                    catchThrowableOfType(IllegalStateException.class, () -> DriverRegistry.load(loader));

            assertThat(e)
                    .hasMessageContaining(MisdeclaredFactory.class.getName())
                    .hasMessageContaining("declares personal channels it does not produce");
        }
    }

    /** Produces count and temperature, yet calls distance personal. */
    public static final class MisdeclaredFactory extends PeopleCounterFactoryBase {
        @Override
        public Set<Channel> personalChannels() {
            return Set.of(Channel.DISTANCE);
        }
    }

    /** The door counter under another compatible string, for the misdeclared variant. */
    public abstract static class PeopleCounterFactoryBase implements org.fieldnode.drivers.api.SensorDriverFactory {
        private final PeopleCounterFactory counter = new PeopleCounterFactory();

        @Override
        public Set<String> compatible() {
            return Set.of("test,misdeclared");
        }

        @Override
        public Set<Channel> channels() {
            return counter.channels();
        }

        @Override
        public org.fieldnode.drivers.api.Sensor open(
                org.fieldnode.drivers.api.SensorNode node,
                BusProvider buses,
                org.fieldnode.drivers.bus.Sleeper sleeper) {
            return counter.open(node, buses, sleeper);
        }
    }
}
