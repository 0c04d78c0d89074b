// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;

/** The checks every contract of the kit shares, whatever the bus. */
final class ContractChecks {
    /** The quantity vocabulary of SENSORS.md: quantity name → SenML unit. */
    static final Map<String, String> VOCABULARY = Map.ofEntries(
            Map.entry("temperature", "Cel"),
            Map.entry("humidity", "%RH"),
            Map.entry("pressure", "Pa"),
            Map.entry("illuminance", "lx"),
            Map.entry("voltage", "V"),
            Map.entry("current", "A"),
            Map.entry("power", "W"),
            Map.entry("battery", "%EL"),
            Map.entry("pm1", "ug/m3"),
            Map.entry("pm2_5", "ug/m3"),
            Map.entry("pm10", "ug/m3"),
            Map.entry("co2", "ppm"),
            Map.entry("rain", "mm"),
            Map.entry("wind_speed", "m/s"),
            Map.entry("water_level", "m"),
            Map.entry("distance", "m"),
            Map.entry("flow", "l/s"),
            Map.entry("soil_moisture", "%"),
            Map.entry("count", "count"),
            Map.entry("conductivity", "S/m"),
            Map.entry("mass", "kg"),
            Map.entry("contact", ""),
            Map.entry("rain_total", "m"));

    private ContractChecks() {}

    /** The factory is the one ServiceLoader finds for the node's compatible, and declares something. */
    static void foundByServiceLoader(SensorDriverFactory factory, SensorNode node) {
        List<Class<?>> found = ServiceLoader.load(SensorDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.compatible().contains(node.compatible()))
                .<Class<?>>map(Object::getClass)
                .toList();

        assertThat(found).as("factories for %s", node.compatible()).containsExactly(factory.getClass());
        assertThat(factory.compatible()).allSatisfy(c -> assertThat(c).matches("[a-z0-9-]+,[a-z0-9_.+-]+"));
        assertThat(factory.channels()).isNotEmpty();
        assertThat(factory.busKinds())
                .as("busKinds() lists every bus open() handles, busKind() among them")
                .contains(factory.busKind());
    }

    /** What {@code sensor} fetched is declared by the factory and the sensor, in the vocabulary's units. */
    static void declaredChannels(SensorDriverFactory factory, SensorNode node, Sensor sensor, Measurement m) {
        assertThat(m.values()).as("a fetch returns something").isNotEmpty();
        assertThat(factory.channels())
                .as("factory channels")
                .containsAll(m.values().keySet());
        assertThat(sensor.info().channels())
                .as("sensor info channels")
                .containsAll(m.values().keySet());
        assertThat(factory.channels()).containsAll(sensor.info().channels());
        assertThat(sensor.info().id()).isEqualTo(node.id());
        assertThat(factory.compatible()).contains(sensor.info().compatible());
        for (Channel channel : factory.channels()) {
            assertThat(channel.unit().senml())
                    .as("unit of %s", channel.quantity())
                    .isEqualTo(VOCABULARY.get(channel.quantity()));
        }
    }

    /** A missing device: not found, or a bus error that says retrying will not help. */
    static void assertPermanentAbsence(DeviceException e) {
        assertThat(e).isInstanceOfAny(DeviceNotFoundException.class, BusException.class);
        assertThat(e.isTransient()).as("%s is permanent", e).isFalse();
    }

    /** A fault a later attempt may not see, reported for the right sensor. */
    static void assertTransient(DeviceException e, SensorNode node, String when) {
        assertThat(e).as("a DeviceException %s", when).isNotNull();
        assertThat(e.isTransient()).as("%s is transient", e).isTrue();
        assertThat(e.sensorId()).isEqualTo(node.id());
    }
}
