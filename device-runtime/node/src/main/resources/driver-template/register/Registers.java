package @PACKAGE@;

import java.time.Duration;

/**
 * The @PART_UPPER@'s register map, one source of truth for the driver and its simulator. THE VALUES HERE ARE A
 * STARTING POINT: replace them with your datasheet's, citing its sections. The registers sit at 0x80..0xFF because
 * on SPI fieldnode frames register access as Bosch's chips do (bit 7 of the control byte is read/write and the chip
 * supplies address bit 7, {@code org.fieldnode.drivers.bus.SpiRegisterFrames}); on I2C any address works.
 */
public final class @CLASS@Registers {
    /** Identity ("who am I") register and the value the part answers there. */
    public static final int REG_ID = 0x8F;

    public static final int ID = 0x5A;

    /** Control: writing {@link #CONTROL_ONE_SHOT} starts one conversion, after which the part sleeps. */
    public static final int REG_CONTROL = 0xA0;

    public static final int CONTROL_ONE_SHOT = 0b0000_0001;

    /** Status: {@link #STATUS_DATA_READY} once a conversion completed; reading the data clears it. */
    public static final int REG_STATUS = 0xA7;

    public static final int STATUS_DATA_READY = 0b0000_0001;

    /** The result: two's complement, low byte first (at 0xA8), then high byte (0xA9). */
    public static final int REG_DATA = 0xA8;

    /** Degrees Celsius per LSB of the result. */
    public static final double CELSIUS_PER_LSB = 1.0 / 256;

    /** How long one conversion takes. */
    public static final Duration CONVERSION_TIME = Duration.ofMillis(10);

    private @CLASS@Registers() {}
}
