// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The buses of a board, by the names a hardware profile uses for them: {@code i2c1 → /dev/i2c-1},
 * {@code spi0 → /dev/spidev0.0}, {@code gpio → the header's gpiochip}. It is what {@link Pi4jBusProvider} needs to
 * turn a profile's bus name into a kernel device, plus the labels of the GPIO controllers to look for, in order of
 * preference. Every GPIO bus is served by the one controller found by those labels (a Pi4J context drives one
 * gpiochip); a GPIO bus that names its own {@code chip-label}s only accepts a controller carrying one of them.
 *
 * <p>Invalid values throw {@link IllegalArgumentException} naming the bus. A name may denote only one bus.
 *
 * @param i2c I2C buses by profile name
 * @param spi SPI devices (bus and chip select) by profile name
 * @param gpio GPIO buses (line controllers) by profile name
 * @param gpioChipLabels labels of the gpiochip that drives the header pins, tried in this order
 */
public record BoardBuses(
        Map<String, I2cBus> i2c, Map<String, SpiDevice> spi, Map<String, GpioBus> gpio, List<String> gpioChipLabels) {
    /**
     * The labels of the Raspberry Pi header's GPIO controller: RP1 on the Pi 5, BCM2711 on the Pi 4 and 400,
     * BCM2835 (the kernel's name for the whole family) on the Pi 3, Zero 2 W and older.
     */
    public static final List<String> RASPBERRY_PI_GPIO_LABELS =
            List.of("pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835");

    public BoardBuses {
        i2c = Map.copyOf(i2c);
        spi = Map.copyOf(spi);
        gpio = Map.copyOf(gpio);
        gpioChipLabels = List.copyOf(gpioChipLabels);
        for (String name : i2c.keySet()) {
            checkName(name);
            if (spi.containsKey(name)) {
                throw new IllegalArgumentException(
                        "buses.%s: declared both as an I2C bus and as an SPI device".formatted(name));
            }
        }
        spi.keySet().forEach(BoardBuses::checkName);
        for (String name : gpio.keySet()) {
            checkName(name);
            if (i2c.containsKey(name) || spi.containsKey(name)) {
                throw new IllegalArgumentException("buses.%s: declared both as a GPIO bus and as an %s"
                        .formatted(name, i2c.containsKey(name) ? "I2C bus" : "SPI device"));
            }
        }
    }

    /** A board without GPIO buses. */
    public BoardBuses(Map<String, I2cBus> i2c, Map<String, SpiDevice> spi, List<String> gpioChipLabels) {
        this(i2c, spi, Map.of(), gpioChipLabels);
    }

    /**
     * The 40-pin header's buses as Raspberry Pi OS enables them ({@code dtparam=i2c_arm=on}, {@code dtparam=spi=on}):
     * {@code i2c1} on pins 3/5, {@code spi0} (CE0, pin 24) and {@code spi0.1} (CE1, pin 26), both at 1 MHz in mode
     * 0, and {@code gpio}, the header's GPIO controller (labelled as in {@link #RASPBERRY_PI_GPIO_LABELS}).
     */
    public static BoardBuses raspberryPi() {
        return builder()
                .i2c("i2c1", 1)
                .spi("spi0", new SpiDevice(0, 0, SpiDevice.DEFAULT_CLOCK_HZ, 0))
                .spi("spi0.1", new SpiDevice(0, 1, SpiDevice.DEFAULT_CLOCK_HZ, 0))
                .gpio("gpio")
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The I2C bus the profile calls {@code name}.
     *
     * @throws IllegalArgumentException naming the bus when the board has no I2C bus of that name
     */
    public I2cBus i2cBus(String name) {
        I2cBus bus = i2c.get(name);
        if (bus == null) {
            throw unknown(name, "I2C bus", spi.containsKey(name) ? "it is an SPI device" : null);
        }
        return bus;
    }

    /**
     * The SPI device the profile calls {@code name}.
     *
     * @throws IllegalArgumentException naming the bus when the board has no SPI device of that name
     */
    public SpiDevice spiDevice(String name) {
        SpiDevice device = spi.get(name);
        if (device == null) {
            throw unknown(name, "SPI device", i2c.containsKey(name) ? "it is an I2C bus" : null);
        }
        return device;
    }

    /**
     * The GPIO bus the profile calls {@code name}.
     *
     * @throws IllegalArgumentException naming the bus when the board has no GPIO bus of that name
     */
    public GpioBus gpioBus(String name) {
        GpioBus bus = gpio.get(name);
        if (bus == null) {
            throw unknown(
                    name,
                    "GPIO bus",
                    i2c.containsKey(name) ? "it is an I2C bus" : spi.containsKey(name) ? "it is an SPI device" : null);
        }
        return bus;
    }

    private IllegalArgumentException unknown(String name, String kind, String hint) {
        String why = hint != null
                ? hint
                : "the board has I2C buses %s, SPI devices %s and GPIO buses %s"
                        .formatted(
                                new TreeSet<>(i2c.keySet()), new TreeSet<>(spi.keySet()), new TreeSet<>(gpio.keySet()));
        return new IllegalArgumentException("bus '%s': no %s of that name; %s".formatted(name, kind, why));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("buses: a bus name must not be blank");
        }
    }

    /**
     * An I2C bus served by the kernel as {@code /dev/i2c-<number>}.
     *
     * @param number the adapter number, 1 for the Raspberry Pi header's pins 3/5
     */
    public record I2cBus(int number) {
        public I2cBus {
            if (number < 0) {
                throw new IllegalArgumentException("I2C bus number must be >= 0, got " + number);
            }
        }

        /** The character device, e.g. {@code /dev/i2c-1}. */
        public String devicePath() {
            return "/dev/i2c-" + number;
        }
    }

    /**
     * One chip select on an SPI bus, served by the kernel as {@code /dev/spidev<bus>.<chipSelect>}.
     *
     * @param bus the SPI controller number
     * @param chipSelect the chip-select line
     * @param clockHz the SCK frequency
     * @param mode the SPI mode 0..3 (clock polarity and phase); the BME280 accepts modes 0 and 3 (DS §6.3)
     */
    public record SpiDevice(int bus, int chipSelect, int clockHz, int mode) {
        /** 1 MHz: well below the 10 MHz SPI clock a BME280 allows (DS §6.3, SPI timing) and kind to long wires. */
        public static final int DEFAULT_CLOCK_HZ = 1_000_000;

        public SpiDevice {
            if (bus < 0 || chipSelect < 0) {
                throw new IllegalArgumentException(
                        "SPI bus and chip select must be >= 0, got %d.%d".formatted(bus, chipSelect));
            }
            if (clockHz <= 0) {
                throw new IllegalArgumentException("SPI clock must be > 0 Hz, got " + clockHz);
            }
            if (mode < 0 || mode > 3) {
                throw new IllegalArgumentException("SPI mode must be 0..3, got " + mode);
            }
        }

        /** The character device, e.g. {@code /dev/spidev0.0}. */
        public String devicePath() {
            return "/dev/spidev%d.%d".formatted(bus, chipSelect);
        }
    }

    /**
     * A GPIO bus: lines of the board's GPIO controller, addressed by their offset on it.
     *
     * @param chipLabels the controller labels this bus accepts; empty for whichever the board's labels find
     */
    public record GpioBus(List<String> chipLabels) {
        /** A bus on the board's controller, whatever its label. */
        public static final GpioBus ANY_CHIP = new GpioBus(List.of());

        public GpioBus {
            chipLabels = List.copyOf(chipLabels);
        }

        /** Whether the controller labelled {@code label} may serve this bus. */
        public boolean accepts(String label) {
            return chipLabels.isEmpty() || chipLabels.contains(label);
        }
    }

    /** Collects buses in declaration order; {@link #build()} checks them. */
    public static final class Builder {
        private final Map<String, I2cBus> i2c = new LinkedHashMap<>();
        private final Map<String, SpiDevice> spi = new LinkedHashMap<>();
        private final Map<String, GpioBus> gpio = new LinkedHashMap<>();
        private List<String> gpioChipLabels = RASPBERRY_PI_GPIO_LABELS;

        private Builder() {}

        public Builder i2c(String name, int number) {
            i2c.put(Objects.requireNonNull(name, "name"), new I2cBus(number));
            return this;
        }

        public Builder spi(String name, SpiDevice device) {
            spi.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(device, "device"));
            return this;
        }

        /** A GPIO bus on the board's controller. */
        public Builder gpio(String name) {
            return gpio(name, List.of());
        }

        /**
         * A GPIO bus on the controller labelled with one of {@code chipLabels} (a profile's {@code chip-label});
         * the labels are also tried, ahead of the board's, when looking for the controller.
         */
        public Builder gpio(String name, List<String> chipLabels) {
            gpio.put(Objects.requireNonNull(name, "name"), new GpioBus(chipLabels));
            return this;
        }

        /** Replaces the default {@link #RASPBERRY_PI_GPIO_LABELS}. */
        public Builder gpioChipLabels(List<String> labels) {
            this.gpioChipLabels = List.copyOf(labels);
            return this;
        }

        public BoardBuses build() {
            List<String> labels = new ArrayList<>();
            gpio.values()
                    .forEach(bus -> bus.chipLabels().stream()
                            .filter(l -> !labels.contains(l))
                            .forEach(labels::add));
            gpioChipLabels.stream().filter(l -> !labels.contains(l)).forEach(labels::add);
            return new BoardBuses(i2c, spi, gpio, labels);
        }
    }
}
