package @PACKAGE@;

/**
 * The @PART_UPPER@'s Modbus register map, one source of truth for the driver and its simulator. THE MAP HERE IS A
 * STARTING POINT: replace it with the one in your probe's manual, citing it. Input registers (function 04):
 * 0x0000 temperature, 0x0001 relative humidity, both unsigned or two's complement 16-bit values in tenths.
 */
public final class @CLASS@Registers {
    public static final int REG_TEMPERATURE = 0x0000;
    public static final int REG_HUMIDITY = 0x0001;
    /** Tenths of a degree Celsius or of a percent per count. */
    public static final double SCALE = 0.1;
    /** The slave id the probe ships with. */
    public static final int FACTORY_SLAVE_ID = 1;

    private @CLASS@Registers() {}
}
