package @PACKAGE@.sim;

import static @PACKAGE@.@CLASS@Registers.CELSIUS_PER_LSB;
import static @PACKAGE@.@CLASS@Registers.CONTROL_ONE_SHOT;
import static @PACKAGE@.@CLASS@Registers.CONVERSION_TIME;
import static @PACKAGE@.@CLASS@Registers.ID;
import static @PACKAGE@.@CLASS@Registers.REG_CONTROL;
import static @PACKAGE@.@CLASS@Registers.REG_DATA;
import static @PACKAGE@.@CLASS@Registers.REG_ID;
import static @PACKAGE@.@CLASS@Registers.REG_STATUS;
import static @PACKAGE@.@CLASS@Registers.STATUS_DATA_READY;

import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedRegisterDevice;

/**
 * The @PART_UPPER@ at register level, for the driver's tests and for simulated profiles. Bus face: the identity
 * register, a one-shot conversion that completes after {@code CONVERSION_TIME} on the shared clock, the ready flag,
 * the result. Datasheet rules as violations: writing a read-only register, reading the result before the
 * conversion completed. Backend face: what it measures, a {@link DoubleSupplier} of degrees Celsius.
 */
public final class Simulated@CLASS@ extends SimulatedRegisterDevice {
    private final Sleeper clock;
    private DoubleSupplier celsius;
    private long convertingUntil = Long.MIN_VALUE;
    private boolean converting;

    public Simulated@CLASS@(Sleeper clock, DoubleSupplier celsius) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.celsius = Objects.requireNonNull(celsius, "celsius");
        setRegister(REG_ID, ID);
    }

    /** From now on the part measures {@code value}. */
    public synchronized void setCelsius(double value) {
        celsius = () -> value;
    }

    @Override
    protected void onWrite(int register, int value) {
        switch (register) {
            case REG_CONTROL -> {
                if ((value & CONTROL_ONE_SHOT) != 0) {
                    converting = true;
                    convertingUntil = clock.nanoTime() + CONVERSION_TIME.toNanos();
                    setRegister(REG_STATUS, 0);
                }
            }
            case REG_ID, REG_STATUS, REG_DATA, REG_DATA + 1 -> violation("write to read-only register 0x%02X", register);
            default -> super.onWrite(register, value);
        }
    }

    @Override
    protected int onRead(int register) {
        finishConversion();
        if ((register == REG_DATA || register == REG_DATA + 1) && converting) {
            violation("result read while a conversion runs");
        }
        if (register == REG_DATA + 1) {
            setRegister(REG_STATUS, 0);
        }
        return super.onRead(register);
    }

    private void finishConversion() {
        if (converting && clock.nanoTime() - convertingUntil >= 0) {
            converting = false;
            int raw = (int) Math.round(Math.clamp(celsius.getAsDouble(), -128, 127) / CELSIUS_PER_LSB);
            setRegister(REG_DATA, raw & 0xFF);
            setRegister(REG_DATA + 1, (raw >> 8) & 0xFF);
            setRegister(REG_STATUS, STATUS_DATA_READY);
        }
    }
}
