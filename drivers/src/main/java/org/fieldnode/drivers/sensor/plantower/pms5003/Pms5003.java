// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

import static org.fieldnode.drivers.sensor.plantower.pms5003.Pms5003Protocol.*;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.tinylog.Logger;

/**
 * Plantower PMS5003 laser particle counter ("Digital universal particle concentration sensor PMS5003 series data
 * manual", Plantower, V2.3). UART 9600 8N1, 3.3 V logic, 5 V supply for the fan.
 *
 * <p>Runs in passive mode (Appendix II): every {@link #fetch()} sends the read command 0xE2 and takes the one
 * answer frame; the stream is resynchronised on the 0x42 0x4D header, the length field and the checksum, so a
 * start mid-frame or line noise cost nothing. Reports the atmospheric-environment values (data 4..6) as pm1,
 * pm2_5 and pm10 in ug/m3. With {@code sleep-between-readings} (default) the sensor sleeps between fetches: each
 * fetch wakes it (0xE4 01), waits the spin-up (≥ 30 s per the manual) on the injected {@link Sleeper}, reads,
 * and puts it back to sleep (0xE4 00) even when the read failed.
 */
public final class Pms5003 implements Sensor {
    private final SensorInfo info;
    private final UartPort port;
    private final Pms5003Settings settings;
    private final Sleeper sleeper;
    private boolean closed;

    private Pms5003(SensorInfo info, UartPort port, Pms5003Settings settings, Sleeper sleeper) {
        this.info = info;
        this.port = port;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /**
     * Configures the port, wakes the sensor, switches it to passive mode and probes it with one read command.
     * Takes ownership of {@code port}: it is closed when opening fails.
     *
     * @throws DeviceNotFoundException when not a byte answers the probe
     */
    public static Pms5003 open(SensorInfo info, UartPort port, Pms5003Settings settings, Sleeper sleeper)
            throws DeviceException {
        Objects.requireNonNull(settings, "settings");
        Pms5003 sensor = new Pms5003(info, port, settings, sleeper);
        try {
            port.configure(SERIAL);
            port.write(command(CMD_SLEEP, WAKE));
            port.write(command(CMD_MODE, MODE_PASSIVE));
            sensor.probe();
            if (settings.sleepBetweenReadings()) {
                port.write(command(CMD_SLEEP, SLEEP));
            }
            Logger.info("{}: PMS5003 in passive mode, {}", info.id(), settings);
            return sensor;
        } catch (DeviceException | RuntimeException e) {
            port.close();
            throw e;
        }
    }

    /** The identity probe: a read command must be answered, with a valid frame or at least with bytes. */
    private void probe() throws DeviceException {
        port.drainInput();
        port.write(command(CMD_READ, 0));
        FrameSync.probe(port, sleeper, settings.timeout(), Pms5003Protocol::judge, info.id());
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        if (!settings.sleepBetweenReadings()) {
            return readOnce();
        }
        port.write(command(CMD_SLEEP, WAKE));
        // Data manual: stable data only ≥ 30 s after wake-up, "because of the fan's performance".
        sleeper.sleep(settings.spinUp());
        try {
            // The mode is set again after every wake-up: we do not rely on the sensor keeping it while asleep.
            port.write(command(CMD_MODE, MODE_PASSIVE));
            return readOnce();
        } finally {
            port.write(command(CMD_SLEEP, SLEEP));
        }
    }

    private Measurement readOnce() throws DeviceException {
        port.drainInput();
        port.write(command(CMD_READ, 0));
        byte[] frame = FrameSync.read(port, sleeper, settings.timeout(), Pms5003Protocol::judge, info.id());
        return toMeasurement(frame);
    }

    /** The atmospheric-environment values of a checked 32-byte data frame, in ug/m3. */
    public static Measurement toMeasurement(byte[] frame) {
        if (frame.length != FRAME_LENGTH || !(judge(frame, 0, frame.length) instanceof FrameSync.Verdict.Frame)) {
            throw new IllegalArgumentException("not a valid PMS5003 data frame");
        }
        return new Measurement(Map.of(
                Channel.PM1, (double) dataWord(frame, WORD_PM1_ATMOSPHERIC),
                Channel.PM2_5, (double) dataWord(frame, WORD_PM1_ATMOSPHERIC + 1),
                Channel.PM10, (double) dataWord(frame, WORD_PM1_ATMOSPHERIC + 2)));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        port.close();
    }

    /** The time one fetch takes at least: the spin-up when the sensor sleeps between readings. */
    public Duration minimumFetchTime() {
        return settings.sleepBetweenReadings() ? settings.spinUp() : Duration.ZERO;
    }
}
