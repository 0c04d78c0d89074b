// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/** Ambient conditions in physical units, the input of simulated environmental sensors. */
public record Conditions(double celsius, double relativeHumidity, double pascal) {
    public Conditions {
        if (!Double.isFinite(celsius) || !Double.isFinite(relativeHumidity) || !Double.isFinite(pascal)) {
            throw new IllegalArgumentException(
                    "conditions must be finite: %s Cel, %s %%RH, %s Pa".formatted(celsius, relativeHumidity, pascal));
        }
        if (relativeHumidity < 0 || relativeHumidity > 100) {
            throw new IllegalArgumentException("relative humidity must be 0..100 %RH, got " + relativeHumidity);
        }
        if (pascal <= 0) {
            throw new IllegalArgumentException("pressure must be positive, got " + pascal + " Pa");
        }
    }
}
