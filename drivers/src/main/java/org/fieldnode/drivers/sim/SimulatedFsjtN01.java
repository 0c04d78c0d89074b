// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import org.fieldnode.drivers.bus.Sleeper;

/**
 * A Renke RS-FSJT-N01 anemometer on a Modbus line: holding register 0x0000 the wind speed in 0.1 m/s, 0x0001 the
 * Beaufort force. Backend face: {@link #setWindSpeed}; 3.4 m/s by default.
 */
public final class SimulatedFsjtN01 extends SimulatedRegisterMapSlave {
    private double metresPerSecond = 3.4;

    public SimulatedFsjtN01(Sleeper clock) {
        super(clock);
        onRequest(0);
    }

    public synchronized void setWindSpeed(double metresPerSecond) {
        this.metresPerSecond = metresPerSecond;
    }

    @Override
    protected synchronized void onRequest(long nowNanos) {
        setHolding(0x0000, (int) Math.round(metresPerSecond * 10));
        setHolding(0x0001, beaufort(metresPerSecond));
    }

    private static int beaufort(double metresPerSecond) {
        double[] limits = {0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7};
        int force = 0;
        while (force < limits.length && metresPerSecond >= limits[force]) {
            force++;
        }
        return force;
    }
}
