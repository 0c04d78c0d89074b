// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import com.pi4j.library.linuxfs.LinuxFile;
import java.util.Optional;
import org.fieldnode.drivers.api.BusException;

/**
 * The errno values an I2C or SPI transfer fails with on Linux, and whether a retry may help. Numbers are the
 * generic Linux ones (ARM and x86 alike); texts are glibc's {@code strerror}. Meanings follow the kernel's
 * {@code Documentation/i2c/fault-codes.rst}; on the Raspberry Pi, {@code i2c-bcm2835} reports a NACK as
 * {@code EREMOTEIO}, a clock-stretch timeout as {@code EIO} and a stuck transfer as {@code ETIMEDOUT}.
 *
 * <p>Pi4J reports them three ways: a {@code LinuxFile.LinuxFileException} (the register-read ioctl) that carries
 * the errno, a JDK {@code IOException} whose message is the {@code strerror} text (plain writes through
 * {@code RandomAccessFile}), each wrapped in an unchecked {@code Pi4JException}. {@link #toBusException} digs both
 * out of the cause chain.
 */
enum LinuxBusError {
    /** Generic failure; the bcm2835 adapter uses it for a clock-stretch timeout. */
    EIO(5, "Input/output error", true),
    /** The address was not acknowledged (some adapters): nothing at that address. */
    ENXIO(6, "No such device or address", false),
    /** Arbitration lost, or the adapter is busy: try again. */
    EAGAIN(11, "Resource temporarily unavailable", true),
    /** The bus stayed busy too long. */
    EBUSY(16, "Device or resource busy", true),
    /** The adapter went away (USB adapter unplugged, overlay removed). */
    ENODEV(19, "No such device", false),
    /** Malformed reply. */
    EPROTO(71, "Protocol error", true),
    /** Bad PEC byte (SMBus). */
    EBADMSG(74, "Bad message", true),
    /** The transfer did not complete in time. */
    ETIMEDOUT(110, "Connection timed out", true),
    /** Not acknowledged (bcm2835, designware): nothing answers at that address. */
    EREMOTEIO(121, "Remote I/O error", false);

    private final int errno;
    private final String text;
    private final boolean transientFault;

    LinuxBusError(int errno, String text, boolean transientFault) {
        this.errno = errno;
        this.text = text;
        this.transientFault = transientFault;
    }

    int errno() {
        return errno;
    }

    /** True when a later transfer on the same handle may succeed. */
    boolean isTransient() {
        return transientFault;
    }

    static Optional<LinuxBusError> ofErrno(int errno) {
        for (LinuxBusError e : values()) {
            if (e.errno == errno) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first error in {@code failure}'s cause chain that carries an errno or a known strerror text. */
    static Optional<LinuxBusError> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinuxFile.LinuxFileException linux) {
                Optional<LinuxBusError> known = ofErrno(linux.getCode());
                if (known.isPresent()) {
                    return known;
                }
            }
            String message = t.getMessage();
            if (message != null) {
                for (LinuxBusError e : values()) {
                    if (message.contains(e.text)) {
                        return Optional.of(e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Maps a Pi4J failure to our exception. A NACK ({@code EREMOTEIO}, {@code ENXIO}) means nothing answers at
     * that address: permanent, so the runtime re-opens the sensor later instead of hammering it. Errors without a
     * known errno are permanent too; only the kernel's "try again" kinds are transient.
     *
     * @param what the transfer and where, e.g. {@code "read 0xF7 at 0x76 on i2c1"}
     */
    static BusException toBusException(String sensorId, String what, RuntimeException failure) {
        Optional<LinuxBusError> known = find(failure);
        if (known.isEmpty()) {
            return new BusException(sensorId, "%s failed: %s".formatted(what, failure), false, failure);
        }
        LinuxBusError error = known.get();
        String meaning = switch (error) {
            case EREMOTEIO, ENXIO -> "nothing acknowledges";
            default -> error.text;
        };
        return new BusException(
                sensorId, "%s: %s (%s)".formatted(what, meaning, error.name()), error.isTransient(), failure);
    }
}
