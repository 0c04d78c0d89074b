// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.dfrobot.a02yyuw;

import static org.fieldnode.drivers.sensor.dfrobot.a02yyuw.A02yyuwProtocol.*;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;

/**
 * DFRobot A02YYUW waterproof ultrasonic distance sensor (SEN0311, product wiki "A02YYUW Waterproof Ultrasonic
 * Sensor"), as a water-level gauge: mounted {@code mount-height-m} above the gauge datum, looking down at the
 * water. UART 9600 8N1 in auto-output mode (RX left open): the sensor sends a 4-byte frame about every 100 ms.
 *
 * <p>{@link #fetch()} drains stale frames and takes the first fresh checked frame whose distance lies in the
 * measuring range ({@value A02yyuwProtocol#MIN_MM}..{@value A02yyuwProtocol#MAX_MM} mm); it reports
 * {@code distance} and {@code water_level = mount-height-m − distance} in metres. Out-of-range frames (blind zone,
 * lost echo) are skipped; when only those come before the timeout the fetch fails with a transient
 * {@link DataNotReadyException}.
 */
public final class A02yyuw implements Sensor {
    private final SensorInfo info;
    private final UartPort port;
    private final double mountHeightMetres;
    private final Duration timeout;
    private final Sleeper sleeper;
    private boolean closed;

    private A02yyuw(SensorInfo info, UartPort port, double mountHeightMetres, Duration timeout, Sleeper sleeper) {
        this.info = info;
        this.port = port;
        this.mountHeightMetres = mountHeightMetres;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    /**
     * Configures the port and waits for one checked frame. Takes ownership of {@code port}.
     *
     * @throws org.fieldnode.drivers.api.DeviceNotFoundException when nothing arrives within {@code timeout}
     */
    public static A02yyuw open(
            SensorInfo info, UartPort port, double mountHeightMetres, Duration timeout, Sleeper sleeper)
            throws DeviceException {
        if (!(mountHeightMetres > 0)) {
            port.close();
            throw new IllegalArgumentException(
                    "properties.mount-height-m must be a positive number of metres, got " + mountHeightMetres);
        }
        try {
            port.configure(SERIAL);
            port.drainInput();
            FrameSync.probe(port, sleeper, timeout, A02yyuwProtocol::judge, info.id());
            return new A02yyuw(info, port, mountHeightMetres, timeout, sleeper);
        } catch (DeviceException | RuntimeException e) {
            port.close();
            throw e;
        }
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        port.drainInput();
        long deadline = sleeper.nanoTime() + timeout.toNanos();
        int lastOutOfRange = -1;
        while (true) {
            long left = deadline - sleeper.nanoTime();
            if (left <= 0 && lastOutOfRange >= 0) {
                throw new DataNotReadyException(
                        info.id(),
                        "distance %d mm outside the measuring range %d..%d mm"
                                .formatted(lastOutOfRange, MIN_MM, MAX_MM));
            }
            byte[] frame = FrameSync.read(
                    port, sleeper, Duration.ofNanos(Math.max(left, 1)), A02yyuwProtocol::judge, info.id());
            int mm = millimetres(frame);
            if (mm >= MIN_MM && mm <= MAX_MM) {
                return toMeasurement(mm, mountHeightMetres);
            }
            lastOutOfRange = mm;
        }
    }

    /** Distance and water level in metres for a distance of {@code millimetres}. */
    static Measurement toMeasurement(int millimetres, double mountHeightMetres) {
        double distance = millimetres / 1000.0;
        return new Measurement(Map.of(Channel.DISTANCE, distance, Channel.WATER_LEVEL, mountHeightMetres - distance));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        port.close();
    }
}
