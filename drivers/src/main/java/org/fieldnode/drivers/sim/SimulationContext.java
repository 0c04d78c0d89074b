// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * What a simulated device gets from the run it is part of.
 *
 * @param clock the time base of the run, the same {@link Sleeper} its drivers get: conversions complete, and answers
 *     arrive, when this clock says
 * @param environment the weather the run simulates (a day/night model in {@code demo} and simulated profiles), pulled
 *     at every conversion
 */
public record SimulationContext(Sleeper clock, Supplier<Conditions> environment) {
    public SimulationContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(environment, "environment");
    }
}
