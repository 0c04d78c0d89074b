// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.winsen.mhz19b;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;

/**
 * Winsen MH-Z19B NDIR CO2 module over its UART (9600 8N1; {@link Mhz19bProtocol}). Each fetch drops stale bytes,
 * sends the read command (FF 01 86 00 00 00 00 00 79) and takes the checked answer within 500 ms; open does the same
 * once, so a module that never answers is reported absent. The manual asks for 3 minutes of preheating after power-up;
 * readings in that time are sent as the module gives them (a deadband or median stage smooths them if wanted).
 */
public final class Mhz19b implements Sensor {
    private final SensorInfo info;
    private final UartPort port;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Mhz19b(SensorInfo info, UartPort port, Sleeper sleeper) {
        this.info = info;
        this.port = port;
        this.sleeper = sleeper;
    }

    /** Configures the port and asks once. On failure the caller still owns {@code port}. */
    public static Mhz19b open(SensorInfo info, UartPort port, Sleeper sleeper) throws DeviceException {
        port.configure(Mhz19bProtocol.SERIAL);
        port.drainInput();
        port.write(Mhz19bProtocol.command(Mhz19bProtocol.READ_CO2));
        FrameSync.probe(port, sleeper, Mhz19bProtocol.ANSWER_TIMEOUT, Mhz19bProtocol::judge, info.id());
        return new Mhz19b(info, port, sleeper);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        port.drainInput();
        port.write(Mhz19bProtocol.command(Mhz19bProtocol.READ_CO2));
        byte[] answer = FrameSync.read(port, sleeper, Mhz19bProtocol.ANSWER_TIMEOUT, Mhz19bProtocol::judge, info.id());
        return new Measurement(Map.of(Channel.CO2, (double) Mhz19bProtocol.ppm(answer)));
    }

    /** Releases the port. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            port.close();
        }
    }
}
