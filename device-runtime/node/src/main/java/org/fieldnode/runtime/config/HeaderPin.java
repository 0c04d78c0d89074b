// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One pin of a board's 40-pin header.
 *
 * @param pin the physical pin, 1 to 40 (odd pins on the inner row, pin 1 next to the square pad)
 * @param gpio the GPIO line (BCM number) wired to it; empty for power and ground pins
 * @param power {@code 3V3}, {@code 5V} or {@code GND} for a power pin; empty otherwise
 * @param functions what the line can do besides plain GPIO, e.g. {@code SDA1}, {@code TXD0}, {@code SPI0_MOSI}
 */
public record HeaderPin(int pin, OptionalInt gpio, String power, List<String> functions) {
    public HeaderPin {
        Objects.requireNonNull(gpio, "gpio");
        Objects.requireNonNull(power, "power");
        functions = List.copyOf(functions);
    }

    /** "pin 3 (GPIO 2, SDA1)" for messages. */
    public String describe() {
        if (gpio.isEmpty()) {
            return "pin " + pin + " (" + power + ")";
        }
        return "pin " + pin + " (GPIO " + gpio.getAsInt()
                + (functions.isEmpty() ? "" : ", " + String.join("/", functions)) + ")";
    }
}
