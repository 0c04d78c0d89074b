// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.nova.sds011;

import static org.fieldnode.drivers.sensor.nova.sds011.Sds011Protocol.*;

import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.tinylog.Logger;

/**
 * Nova Fitness SDS011 laser dust sensor (datasheet V1.3; "Laser Dust Sensor Control Protocol" V1.3). UART 9600
 * 8N1, 5 V supply.
 *
 * <p>Runs in query mode: every {@link #fetch()} sends the query command and takes the 10-byte data frame, found
 * by head 0xAA, type 0xC0, tail 0xAB and checksum (command replies, type 0xC5, are skipped). Reports pm2_5 and
 * pm10 in ug/m3. With {@code sleep-between-readings} (default) each fetch sends work, waits the spin-up on the
 * injected {@link Sleeper}, reads, and sends sleep again even when the read failed.
 */
public final class Sds011 implements Sensor {
    private final SensorInfo info;
    private final UartPort port;
    private final Sds011Settings settings;
    private final Sleeper sleeper;
    private boolean closed;

    private Sds011(SensorInfo info, UartPort port, Sds011Settings settings, Sleeper sleeper) {
        this.info = info;
        this.port = port;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /**
     * Configures the port, wakes the sensor, selects query mode and probes it with one query. Takes ownership of
     * {@code port}: it is closed when opening fails.
     *
     * @throws org.fieldnode.drivers.api.DeviceNotFoundException when not a byte answers the probe
     */
    public static Sds011 open(SensorInfo info, UartPort port, Sds011Settings settings, Sleeper sleeper)
            throws DeviceException {
        Objects.requireNonNull(settings, "settings");
        try {
            port.configure(SERIAL);
            port.write(command(CMD_SLEEP_WORK, SET, WORK));
            port.write(command(CMD_REPORTING_MODE, SET, REPORT_QUERY));
            port.drainInput();
            port.write(command(CMD_QUERY));
            FrameSync.probe(port, sleeper, settings.timeout(), Sds011Protocol::judge, info.id());
            if (settings.sleepBetweenReadings()) {
                port.write(command(CMD_SLEEP_WORK, SET, SLEEP));
            }
            Logger.info("{}: SDS011 in query mode, {}", info.id(), settings);
            return new Sds011(info, port, settings, sleeper);
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
        if (!settings.sleepBetweenReadings()) {
            return query();
        }
        port.write(command(CMD_SLEEP_WORK, SET, WORK));
        sleeper.sleep(settings.spinUp());
        try {
            return query();
        } finally {
            port.write(command(CMD_SLEEP_WORK, SET, SLEEP));
        }
    }

    private Measurement query() throws DeviceException {
        port.drainInput();
        port.write(command(CMD_QUERY));
        return toMeasurement(FrameSync.read(port, sleeper, settings.timeout(), Sds011Protocol::judge, info.id()));
    }

    /** pm2_5 and pm10 of a checked 10-byte data frame. */
    public static Measurement toMeasurement(byte[] frame) {
        if (frame.length != FRAME_LENGTH || !(judge(frame, 0, frame.length) instanceof FrameSync.Verdict.Frame)) {
            throw new IllegalArgumentException("not a valid SDS011 data frame");
        }
        return new Measurement(Map.of(Channel.PM2_5, pm2_5(frame), Channel.PM10, pm10(frame)));
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
