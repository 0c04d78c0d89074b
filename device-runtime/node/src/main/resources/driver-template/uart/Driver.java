package @PACKAGE@;

import java.time.Duration;
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
 * The @PART_UPPER@ (@COMPATIBLE@), a sensor that streams checked frames over a UART: open waits for one frame (none
 * at all: the sensor is absent); each fetch drops stale bytes and takes the next checked frame, resyncing past
 * garbage, within a deadline.
 */
public final class @CLASS@ implements Sensor {
    /** Two frame periods and a half: one frame may be lost. */
    static final Duration TIMEOUT = @CLASS@Protocol.FRAME_PERIOD.multipliedBy(5).dividedBy(2);

    private final SensorInfo info;
    private final UartPort port;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private @CLASS@(SensorInfo info, UartPort port, Sleeper sleeper) {
        this.info = info;
        this.port = port;
        this.sleeper = sleeper;
    }

    /** Configures the port and waits for one frame. On failure the caller still owns {@code port}. */
    public static @CLASS@ open(SensorInfo info, UartPort port, Sleeper sleeper) throws DeviceException {
        port.configure(@CLASS@Protocol.SERIAL);
        port.drainInput();
        FrameSync.probe(port, sleeper, TIMEOUT, @CLASS@Protocol::judge, info.id());
        return new @CLASS@(info, port, sleeper);
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
        byte[] frame = FrameSync.read(port, sleeper, TIMEOUT, @CLASS@Protocol::judge, info.id());
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, @CLASS@Protocol.celsius(frame)));
    }

    /** Releases the port. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            port.close();
        }
    }
}
