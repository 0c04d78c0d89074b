// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;

/**
 * What a {@code modbus} bus adds to its serial {@code device}: the line settings, and the GPIO line that drives the
 * RS-485 transceiver's DE and /RE pins when the adapter does not switch direction by itself.
 *
 * @param settings {@code baud} (default 9600), {@code parity} (none, even or odd; default none), {@code stop-bits}
 *     (1 or 2; default 1), {@code timeout} (default 500ms) and {@code retries} (default 2)
 * @param driverEnableLine {@code de-line}: the GPIO line offset of DE/RE; empty when the adapter (or the UART's
 *     RS-485 mode, set in the device tree) switches direction
 * @param driverEnableBus {@code de-bus}: the profile's {@code gpio} bus that line is on; by default its only one
 */
public record ModbusBusConfig(ModbusSettings settings, OptionalInt driverEnableLine, Optional<String> driverEnableBus) {
    public ModbusBusConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(driverEnableLine, "driverEnableLine");
        Objects.requireNonNull(driverEnableBus, "driverEnableBus");
    }

    /** 9600 8N1, automatic direction. */
    public static ModbusBusConfig defaults() {
        return new ModbusBusConfig(ModbusSettings.DEFAULTS, OptionalInt.empty(), Optional.empty());
    }
}
