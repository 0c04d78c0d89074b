package @PACKAGE@.sim;

import @PACKAGE@.@CLASS@Protocol;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;

/**
 * The @PART_UPPER@ at frame level: a frame every {@code FRAME_PERIOD} from power-up, on the shared clock. It takes
 * no commands, so a byte written to it is a violation. Backend face: what it measures.
 */
public final class Simulated@CLASS@ extends SimulatedSerialDevice {
    private DoubleSupplier celsius;
    private long nextFrameAt;

    public Simulated@CLASS@(Sleeper clock, DoubleSupplier celsius) {
        super(clock, @CLASS@Protocol.SERIAL);
        this.celsius = Objects.requireNonNull(celsius, "celsius");
        onPowerUp(now());
    }

    public synchronized void setCelsius(double value) {
        celsius = () -> value;
    }

    @Override
    protected synchronized void onPowerUp(long nowNanos) {
        nextFrameAt = nowNanos + @CLASS@Protocol.FRAME_PERIOD.toNanos();
    }

    @Override
    protected synchronized void onTime(long nowNanos) {
        int sent = 0;
        while (nowNanos - nextFrameAt >= 0) {
            if (sent++ < 8) {
                int tenths = (int) Math.round(Math.clamp(celsius.getAsDouble(), -3276.8, 3276.7) * 10);
                transmitFrame(@CLASS@Protocol.frame(tenths), @CLASS@Protocol.FRAME_LENGTH - 1);
            }
            nextFrameAt += @CLASS@Protocol.FRAME_PERIOD.toNanos();
        }
    }

    @Override
    protected void onReceive(int value) {
        violation("byte 0x%02X written to the @PART_UPPER@, which takes no commands", value);
    }
}
