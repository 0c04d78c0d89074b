// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An Aosong DHT22 (AM2302) behind the kernel's IIO {@code dht11} driver, which serves DHT11 and DHT22 alike: the
 * device is named {@code dht11}, {@code in_temp_input} is in milli-°C and {@code in_humidityrelative_input} in
 * milli-%RH, both at the DHT22's 0.1 resolution (AM2302 datasheet: 16-bit values in tenths).
 */
public final class SimulatedDht22 extends SimulatedIioDevice {
    public static final String KERNEL_NAME = "dht11";

    private volatile Supplier<Conditions> conditions;

    public SimulatedDht22(Supplier<Conditions> conditions) {
        super(KERNEL_NAME);
        this.conditions = Objects.requireNonNull(conditions, "conditions");
        define("in_temp_input", () -> milli(this.conditions.get().celsius()));
        define("in_humidityrelative_input", () -> milli(this.conditions.get().relativeHumidity()));
    }

    public void setConditions(Conditions fixed) {
        Objects.requireNonNull(fixed, "fixed");
        this.conditions = () -> fixed;
    }

    /** Tenths as the sensor sends them, times 100 as the kernel driver reports them. */
    private static String milli(double value) {
        return Long.toString(Math.round(value * 10) * 100);
    }
}
