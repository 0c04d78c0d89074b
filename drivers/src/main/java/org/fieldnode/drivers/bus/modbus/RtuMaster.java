// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.tinylog.Logger;

/**
 * The master of one Modbus RTU line ("Modbus over Serial Line V1.02"), over a {@link UartPort}. One transaction at
 * a time (callers on other threads wait): keep the silent interval of 3.5 characters since the line was last busy
 * (§2.5.1.1), drop stale input, send the request frame, read the answer until it is complete by its length (function
 * code and byte count) and its CRC-16 checks, within the response timeout; after silence, a bad CRC or a cut frame,
 * send again, {@link ModbusSettings#retries()} times at most. All waits run on the injected {@link Sleeper}.
 *
 * <p><b>Direction.</b> RS-485 is half duplex: the transceiver's driver must be enabled while the node sends and
 * released before the slave answers. Either the adapter does it by itself (USB adapters with automatic direction
 * control, transceivers such as the MAX13487, or the kernel's RS-485 mode of the UART driven by RTS, set in the
 * device tree with {@code linux,rs485-enabled-at-boot-time}): then there is no {@code driverEnable} line. Or a GPIO
 * line drives DE and /RE: it is raised before the frame is written and lowered once the frame has left the UART.
 * The JDK cannot wait for the transmitter to drain ({@code tcdrain}), so the master waits the frame's length in
 * character times, plus one, from the start of the write; a slave may not answer before 3.5 character times of
 * silence, which leaves that margin. On a loaded machine user-space timing can miss it: prefer automatic direction.
 *
 * <p><b>Why no library.</b> The two maintained Java Modbus libraries were tried. j2mod (com.ghgande:j2mod 3.3.0)
 * compiles its serial transport against jSerialComm's native {@code SerialPort}, times frames with
 * {@code Thread.sleep}, and depends on slf4j-reload4j; its transport cannot run over our {@code UartPort}, nor in
 * virtual time. digitalpetri's modbus 2.1 keeps the serial port out of its core, but its client expects a transport
 * that pushes frames to a callback and times requests out on a scheduler thread, while our UART is read with a
 * deadline on the caller's thread; and what it would add (PDU encoding, CRC-16, the response length rules) is the
 * small part: the silent interval, direction control, retries and the frame deadline are the transport's anyway.
 * So the RTU layer is these few classes ({@link RtuFrames}, this master, {@link ModbusLine}), tested against
 * pymodbus's serial server on a pseudo-terminal.
 */
public final class RtuMaster implements AutoCloseable {
    private final UartPort port;
    private final ModbusSettings settings;
    private final Sleeper sleeper;
    private final Optional<GpioLine> driverEnable;
    private final String where;
    private long lastActivityNanos;
    private boolean closed;

    private RtuMaster(
            UartPort port, ModbusSettings settings, Sleeper sleeper, Optional<GpioLine> driverEnable, String where) {
        this.port = port;
        this.settings = settings;
        this.sleeper = sleeper;
        this.driverEnable = driverEnable;
        this.where = where;
        this.lastActivityNanos = sleeper.nanoTime() - settings.silentInterval().toNanos();
    }

    /**
     * Configures {@code port} for the line and takes it over, with {@code driverEnable} (opened as an output, low)
     * when a GPIO line drives the transceiver's direction. On failure the caller still owns both.
     *
     * @param where the line, for messages, e.g. {@code rs485 (/dev/ttyUSB0)}
     */
    public static RtuMaster open(
            UartPort port,
            ModbusSettings settings,
            Sleeper sleeper,
            Optional<GpioLine> driverEnable,
            String where,
            String sensorId)
            throws DeviceException {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(driverEnable, "driverEnable");
        port.configure(settings.line());
        if (driverEnable.isPresent()) {
            driverEnable.get().setHigh(false); // receive until there is something to send
        }
        Logger.debug(
                "{}: Modbus RTU master on {}, {}, silent interval {} µs",
                sensorId,
                where,
                settings.line(),
                settings.silentInterval().toNanos() / 1000);
        return new RtuMaster(port, settings, sleeper, driverEnable, where);
    }

    /** The line's settings. */
    public ModbusSettings settings() {
        return settings;
    }

    /**
     * Sends {@code requestPdu} to {@code slave} and returns the PDU of its normal answer.
     *
     * @param heard whether this slave answered the caller before: silence from a slave never heard is reported as
     *     {@link DeviceNotFoundException}, from one heard before as a transient {@link BusException}
     * @throws BusException for an exception response (permanent for codes 01..03) or, after the retries, for silence
     *     or bad frames (transient)
     */
    public byte[] transact(int slave, byte[] requestPdu, boolean heard, String sensorId) throws DeviceException {
        return normal(
                exchange(slave, requestPdu, heard, settings.responseTimeout(), settings.retries(), sensorId),
                slave,
                requestPdu,
                sensorId);
    }

    /**
     * Sends {@code requestPdu} to {@code slave} and returns the PDU of its answer, normal or exception response,
     * trying {@code retries} more times after silence or a bad frame, each within {@code timeout}.
     *
     * @throws DeviceNotFoundException when a slave never {@code heard} stayed silent
     * @throws BusException (transient) when no good answer came
     */
    public synchronized byte[] exchange(
            int slave, byte[] requestPdu, boolean heard, Duration timeout, int retries, String sensorId)
            throws DeviceException {
        if (closed) {
            throw new IllegalStateException(sensorId + ": Modbus line " + where + " used after close");
        }
        if (slave < 1 || slave > 247) {
            throw new IllegalArgumentException("a Modbus slave id is 1..247, got " + slave);
        }
        int function = requestPdu[0] & 0xFF;
        byte[] request = RtuFrames.frame(slave, requestPdu);
        DeviceException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            awaitSilence();
            port.drainInput();
            send(request);
            try {
                FrameSync.Decoder decoder = RtuFrames.responseTo(slave, function);
                byte[] answer = heard
                        ? FrameSync.read(port, sleeper, timeout, decoder, sensorId)
                        : FrameSync.probe(port, sleeper, timeout, decoder, sensorId);
                return RtuFrames.pdu(answer);
            } catch (DeviceException e) {
                last = e;
                Logger.trace("{}: slave {} attempt {}: {}", sensorId, slave, attempt + 1, e.getMessage());
            } finally {
                lastActivityNanos = sleeper.nanoTime();
            }
        }
        String tries = retries == 0 ? "" : " (%d attempts)".formatted(retries + 1);
        if (last instanceof DeviceNotFoundException) {
            throw new DeviceNotFoundException(
                    sensorId, "slave %d on %s does not answer%s".formatted(slave, where, tries));
        }
        throw new BusException(
                sensorId,
                "slave %d on %s: %s%s".formatted(slave, where, stripSensor(last, sensorId), tries),
                true,
                last);
    }

    /**
     * {@code answer} when it is a normal response.
     *
     * @throws BusException naming the exception code of an exception response: permanent for 01 (illegal function),
     *     02 (illegal data address) and 03 (illegal data value), which say the request does not fit the device;
     *     transient for the others
     */
    public byte[] normal(byte[] answer, int slave, byte[] requestPdu, String sensorId) throws BusException {
        if ((answer[0] & RtuFrames.EXCEPTION_FLAG) == 0) {
            return answer;
        }
        int code = answer[1] & 0xFF;
        boolean permanent = code == RtuFrames.ILLEGAL_FUNCTION
                || code == RtuFrames.ILLEGAL_DATA_ADDRESS
                || code == RtuFrames.ILLEGAL_DATA_VALUE;
        throw new BusException(
                sensorId,
                "slave %d on %s answered exception %02d (%s) to %s"
                        .formatted(slave, where, code, RtuFrames.exceptionName(code), describe(requestPdu)),
                !permanent);
    }

    /**
     * The ids among {@code candidates} that answer a read of holding register 0: with a normal answer or with any
     * exception response, since an answer of any kind proves a slave is there. One attempt per id, {@code timeout}
     * each: a full scan of 247 ids at 100 ms takes about 25 s.
     */
    public synchronized List<Integer> scan(Iterable<Integer> candidates, Duration timeout, String sensorId)
            throws DeviceException {
        List<Integer> found = new ArrayList<>();
        byte[] probe = RtuFrames.readRequest(RtuFrames.READ_HOLDING, 0, 1);
        for (int slave : candidates) {
            try {
                exchange(slave, probe, false, timeout, 0, sensorId);
                found.add(slave);
            } catch (DeviceNotFoundException | BusException nobodyOrNoise) {
                // silence or garbage: no slave that answers at this id
            }
        }
        return found;
    }

    private void awaitSilence() {
        long wait = lastActivityNanos + settings.silentInterval().toNanos() - sleeper.nanoTime();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    private void send(byte[] frame) throws DeviceException {
        if (driverEnable.isEmpty()) {
            port.write(frame);
            lastActivityNanos = sleeper.nanoTime();
            return;
        }
        GpioLine de = driverEnable.get();
        de.setHigh(true);
        long start = sleeper.nanoTime();
        try {
            port.write(frame);
            // No tcdrain in the JDK: the frame has left once its characters (and one to spare) have had their time.
            long onWire = settings.characterTime().toNanos() * (frame.length + 1);
            long left = start + onWire - sleeper.nanoTime();
            if (left > 0) {
                sleeper.sleep(Duration.ofNanos(left));
            }
        } finally {
            de.setHigh(false);
            lastActivityNanos = sleeper.nanoTime();
        }
    }

    private static String describe(byte[] pdu) {
        int function = pdu[0] & 0xFF;
        int address = (pdu[1] & 0xFF) << 8 | pdu[2] & 0xFF;
        int value = (pdu[3] & 0xFF) << 8 | pdu[4] & 0xFF;
        return switch (function) {
            case RtuFrames.READ_HOLDING -> "read holding 0x%04X count %d".formatted(address, value);
            case RtuFrames.READ_INPUT -> "read input 0x%04X count %d".formatted(address, value);
            case RtuFrames.WRITE_SINGLE -> "write 0x%04X := %d".formatted(address, value);
            default -> "function 0x%02X".formatted(function);
        };
    }

    private static String stripSensor(DeviceException e, String sensorId) {
        String message = e == null ? "no answer" : e.getMessage();
        return message.startsWith(sensorId + ": ") ? message.substring(sensorId.length() + 2) : message;
    }

    /** Releases the port and the direction line. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        driverEnable.ifPresent(GpioLine::close);
        port.close();
    }
}
