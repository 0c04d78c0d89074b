// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import com.pi4j.provider.Provider;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.pi4j.BoardBuses.GpioBus;
import org.fieldnode.drivers.bus.pi4j.BoardBuses.I2cBus;
import org.fieldnode.drivers.bus.pi4j.BoardBuses.SpiDevice;
import org.fieldnode.drivers.bus.pi4j.GpioChipLocator.GpioChip;
import org.tinylog.Logger;

/**
 * The real buses of a Raspberry Pi through Pi4J 3. It owns one Pi4J {@link Context}, built explicitly, with no
 * platform or provider auto-detection and no JVM shutdown hook:
 *
 * <ul>
 *   <li>I2C: {@code linuxfs-i2c} on {@code /dev/i2c-N};
 *   <li>SPI: {@code linuxfs-spi} on {@code /dev/spidevB.C};
 *   <li>GPIO: {@code gpiod-digital-input} and {@code -output} on the gpiochip {@link GpioChipLocator} finds by
 *       label; left out, with a warning, when no chip carries one of the board's labels. Inputs get the profile's
 *       bias and debounce (Pi4J counts debounce in microseconds) and deliver edges as {@link Pi4jGpioLine} says.
 * </ul>
 *
 * Profile bus names resolve through {@link BoardBuses}; an unknown name throws {@link IllegalArgumentException}
 * naming it. Opening a handle does not talk to the chip. Each handle is a Pi4J I/O registered under a unique id;
 * closing the handle shuts that I/O down, and {@link #close()} shuts the whole context down, releasing every
 * handle still open and the bus file descriptors. Thread-safe.
 */
public final class Pi4jBusProvider implements BusProvider {
    private final BoardBuses buses;
    private final Context context;
    private final GpioChip gpioChip;
    private final boolean gpioAvailable;
    private final Set<String> openIds = new LinkedHashSet<>();
    private long sequence;
    private boolean closed;

    private Pi4jBusProvider(BoardBuses buses, Context context, GpioChip gpioChip, boolean gpioAvailable) {
        this.buses = Objects.requireNonNull(buses, "buses");
        this.context = Objects.requireNonNull(context, "context");
        this.gpioChip = gpioChip;
        this.gpioAvailable = gpioAvailable;
    }

    /** The board's buses, with the GPIO controller found in the machine's {@code /sys}. */
    public static Pi4jBusProvider open(BoardBuses buses) {
        return open(buses, GpioChipLocator.system());
    }

    /** The board's buses, with the GPIO controller found by {@code gpio}. */
    public static Pi4jBusProvider open(BoardBuses buses, GpioChipLocator gpio) {
        Optional<GpioChip> chip = gpio.firstOf(buses.gpioChipLabels());
        ContextBuilder builder =
                newContextBuilder().add(LinuxFsI2CProvider.newInstance()).add(LinuxFsSpiProvider.newInstance());
        if (chip.isPresent()) {
            // Pi4J's gpiod layer would otherwise take the first chip whose label merely contains "pinctrl".
            builder.setGpioChipName(chip.get().name())
                    .add(GpioDDigitalInputProvider.newInstance())
                    .add(GpioDDigitalOutputProvider.newInstance());
        } else {
            Logger.warn(
                    "No GPIO controller labelled {} found ({}); GPIO lines are unavailable",
                    buses.gpioChipLabels(),
                    gpio.chips());
        }
        Pi4jBusProvider provider = new Pi4jBusProvider(buses, builder.build(), chip.orElse(null), chip.isPresent());
        Logger.info(
                "Pi4J buses: I2C {}, SPI {}, GPIO {}",
                new TreeSet<>(buses.i2c().keySet()),
                new TreeSet<>(buses.spi().keySet()),
                chip.map(c -> c.name() + " (" + c.label() + ")").orElse("none"));
        return provider;
    }

    /**
     * A provider whose context holds exactly {@code providers}: the seam for Pi4J's mock plugin in tests. GPIO
     * works when digital providers are among them; no controller label is checked.
     */
    static Pi4jBusProvider withProviders(BoardBuses buses, Provider<?, ?, ?>... providers) {
        ContextBuilder builder = newContextBuilder();
        for (Provider<?, ?, ?> provider : providers) {
            builder.add(provider);
        }
        boolean gpio = Arrays.stream(providers)
                .anyMatch(p -> p instanceof DigitalInputProvider || p instanceof DigitalOutputProvider);
        return new Pi4jBusProvider(buses, builder.build(), null, gpio);
    }

    private static ContextBuilder newContextBuilder() {
        // The runtime owns the lifecycle: no auto-detection surprises, no shutdown hook racing our close().
        return Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook();
    }

    /** The GPIO controller the context drives, when one was found. */
    public Optional<GpioChip> gpioChip() {
        return Optional.ofNullable(gpioChip);
    }

    /** I2C, SPI or GPIO for the board's buses of that name; empty for other names. */
    @Override
    public Optional<BusKind> busKind(String bus) {
        if (buses.i2c().containsKey(bus)) {
            return Optional.of(BusKind.I2C);
        }
        if (buses.spi().containsKey(bus)) {
            return Optional.of(BusKind.SPI);
        }
        return buses.gpio().containsKey(bus) ? Optional.of(BusKind.GPIO) : Optional.empty();
    }

    /**
     * @throws IllegalArgumentException when the board has no I2C bus named {@code bus}, or the address is not 7-bit
     * @throws BusException (permanent) when the bus cannot be opened, e.g. I2C is not enabled or not permitted
     */
    @Override
    public RegisterBus openI2cRegisters(String bus, int address, String sensorId) throws BusException {
        OpenedI2c opened = openI2cDevice(bus, address, sensorId);
        return new Pi4jRegisterBus(opened.device(), sensorId, opened.where(), opened.release());
    }

    /**
     * @throws IllegalArgumentException when the board has no I2C bus named {@code bus} or the address is not 7-bit
     * @throws BusException (permanent) when the bus cannot be opened, e.g. I2C is not enabled or not permitted
     */
    @Override
    public I2cDevice openI2c(String bus, int address, String sensorId) throws BusException {
        OpenedI2c opened = openI2cDevice(bus, address, sensorId);
        return new Pi4jI2cDevice(opened.device(), sensorId, opened.where(), opened.release());
    }

    private record OpenedI2c(I2C device, String where, Runnable release) {}

    private OpenedI2c openI2cDevice(String bus, int address, String sensorId) throws BusException {
        Objects.requireNonNull(sensorId, "sensorId");
        I2cBus spec = buses.i2cBus(bus);
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException("reg: not a 7-bit I2C address: 0x%X".formatted(address));
        }
        String where = "0x%02X on %s (%s)".formatted(address, bus, spec.devicePath());
        String id = register(sensorId, bus);
        I2C device;
        try {
            device = context.create(I2C.newConfigBuilder(context)
                    .id(id)
                    .name(sensorId)
                    .bus(spec.number())
                    .device(address)
                    .build());
        } catch (RuntimeException e) {
            forget(id);
            throw cannotOpen(sensorId, where, e);
        }
        Logger.debug("{}: opened I2C device {} as {}", sensorId, where, id);
        return new OpenedI2c(device, where, () -> release(id));
    }

    /**
     * @throws IllegalArgumentException when the board has no SPI device named {@code bus}, or Pi4J cannot address it
     * @throws BusException (permanent) when the device cannot be opened, e.g. SPI is not enabled or not permitted
     */
    @Override
    public RegisterBus openSpiRegisters(String bus, String sensorId) throws BusException {
        Objects.requireNonNull(sensorId, "sensorId");
        SpiDevice spec = buses.spiDevice(bus);
        SpiBus spiBus = SpiBus.getByNumber(spec.bus());
        SpiChipSelect chipSelect = SpiChipSelect.getByNumber(spec.chipSelect());
        if (spiBus == null || chipSelect == null) {
            throw new IllegalArgumentException(
                    "bus '%s': Pi4J cannot address SPI %d.%d".formatted(bus, spec.bus(), spec.chipSelect()));
        }
        String where = "%s (%s)".formatted(bus, spec.devicePath());
        String id = register(sensorId, bus);
        Spi device;
        try {
            device = context.create(Spi.newConfigBuilder(context)
                    .id(id)
                    .name(sensorId)
                    .bus(spiBus)
                    .chipSelect(chipSelect)
                    .baud(spec.clockHz())
                    .mode(SpiMode.getByNumber(spec.mode()))
                    .build());
        } catch (RuntimeException e) {
            forget(id);
            throw cannotOpen(sensorId, where, e);
        }
        Logger.debug("{}: opened SPI device {} as {}", sensorId, where, id);
        return new Pi4jSpiRegisterBus(device::transfer, sensorId, where, () -> release(id));
    }

    /**
     * Opens a GPIO input with no bias change ({@link GpioLine.Pull#NONE}).
     *
     * @see #openGpioInput(String, int, Duration, GpioLine.Pull, String)
     */
    @Override
    public GpioLine openGpioInput(String bus, int line, Duration debounce, String sensorId)
            throws BusException, DeviceNotFoundException {
        return openGpioInput(bus, line, debounce, GpioLine.Pull.NONE, sensorId);
    }

    /**
     * Requests line {@code line} of the board's GPIO controller as an input with both-edge events, biased by
     * {@code pull}, debounced by {@code debounce} (rounded down to whole microseconds, Pi4J's unit).
     *
     * @throws IllegalArgumentException when the board has no GPIO bus named {@code bus}, or for a negative line or
     *     debounce
     * @throws DeviceNotFoundException when the machine has no GPIO controller with one of the board's labels
     * @throws BusException (permanent) when the line cannot be requested, e.g. another process holds it (EBUSY)
     */
    @Override
    public GpioLine openGpioInput(String bus, int line, Duration debounce, GpioLine.Pull pull, String sensorId)
            throws BusException, DeviceNotFoundException {
        Objects.requireNonNull(pull, "pull");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce: must not be negative, got " + debounce);
        }
        String where = gpioWhere(bus, line, sensorId);
        String id = register(sensorId, bus);
        DigitalInput input;
        try {
            input = context.create(DigitalInput.newConfigBuilder(context)
                    .id(id)
                    .name(sensorId)
                    .address(line)
                    .pull(
                            switch (pull) {
                                case NONE -> PullResistance.OFF;
                                case PULL_UP -> PullResistance.PULL_UP;
                                case PULL_DOWN -> PullResistance.PULL_DOWN;
                            })
                    .debounce(debounce.toNanos() / 1_000)
                    .build());
        } catch (RuntimeException e) {
            forget(id);
            throw cannotOpen(sensorId, where, e);
        }
        Logger.debug("{}: opened GPIO input {} ({}, debounce {}) as {}", sensorId, where, pull, debounce, id);
        return Pi4jGpioLine.input(input, line, sensorId, where, () -> release(id), System::nanoTime);
    }

    /**
     * Requests line {@code line} of the board's GPIO controller as an output, driven to {@code initialHigh} at once.
     * The line keeps its last level when released.
     *
     * @throws IllegalArgumentException when the board has no GPIO bus named {@code bus}, or for a negative line
     * @throws DeviceNotFoundException when the machine has no GPIO controller with one of the board's labels
     * @throws BusException (permanent) when the line cannot be requested, e.g. another process holds it (EBUSY)
     */
    @Override
    public GpioLine openGpioOutput(String bus, int line, boolean initialHigh, String sensorId)
            throws BusException, DeviceNotFoundException {
        String where = gpioWhere(bus, line, sensorId);
        String id = register(sensorId, bus);
        DigitalOutput output;
        try {
            output = context.create(DigitalOutput.newConfigBuilder(context)
                    .id(id)
                    .name(sensorId)
                    .address(line)
                    .initial(initialHigh ? DigitalState.HIGH : DigitalState.LOW)
                    .build());
        } catch (RuntimeException e) {
            forget(id);
            throw cannotOpen(sensorId, where, e);
        }
        Logger.debug("{}: opened GPIO output {} ({}) as {}", sensorId, where, initialHigh ? "high" : "low", id);
        return Pi4jGpioLine.output(output, line, sensorId, where, () -> release(id));
    }

    /** Checks bus, line and controller; returns where the line is, for messages. */
    private String gpioWhere(String bus, int line, String sensorId) throws DeviceNotFoundException {
        Objects.requireNonNull(sensorId, "sensorId");
        GpioBus spec = buses.gpioBus(bus);
        if (line < 0) {
            throw new IllegalArgumentException("reg: not a GPIO line offset: " + line);
        }
        if (!gpioAvailable) {
            throw new DeviceNotFoundException(
                    sensorId,
                    "no GPIO controller labelled %s on this machine, so no line %d on %s"
                            .formatted(
                                    spec.chipLabels().isEmpty() ? buses.gpioChipLabels() : spec.chipLabels(),
                                    line,
                                    bus));
        }
        if (gpioChip == null) {
            return "line %d on %s".formatted(line, bus);
        }
        if (!spec.accepts(gpioChip.label())) {
            throw new IllegalArgumentException("bus '%s': chip-label %s, but the board's GPIO controller is %s (%s)"
                    .formatted(bus, spec.chipLabels(), gpioChip.name(), gpioChip.label()));
        }
        return "line %d on %s (%s, %s)".formatted(line, bus, gpioChip.devicePath(), gpioChip.label());
    }

    /** Shuts the Pi4J context down: every I/O still open, every provider, every bus file descriptor. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!openIds.isEmpty()) {
                Logger.debug("Closing Pi4J buses with handles still open: {}", openIds);
            }
            openIds.clear();
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            Logger.warn(e, "Pi4J context did not shut down cleanly");
        }
    }

    /** Handles opened and not yet closed. */
    synchronized int openHandleCount() {
        return openIds.size();
    }

    /** The context, for tests that look at its registry and providers. */
    Context context() {
        return context;
    }

    private synchronized String register(String sensorId, String bus) {
        if (closed) {
            throw new IllegalStateException("Pi4J bus provider used after close");
        }
        String id = "%s-%s-%d".formatted(sensorId, bus, ++sequence).replaceAll("[^A-Za-z0-9_-]", "_");
        openIds.add(id);
        return id;
    }

    private synchronized boolean forget(String id) {
        return openIds.remove(id);
    }

    private void release(String id) {
        if (!forget(id)) {
            return; // the provider was closed first and took the I/O down with the context
        }
        context.shutdown(id);
    }

    private static BusException cannotOpen(String sensorId, String where, RuntimeException e) {
        return new BusException(
                sensorId,
                "cannot open %s: %s (is the interface enabled, and may this user open it?)"
                        .formatted(where, e.getMessage()),
                false,
                e);
    }
}
