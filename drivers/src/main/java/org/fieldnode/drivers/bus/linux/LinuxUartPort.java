// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.fieldnode.drivers.bus.UartSettings;
import org.tinylog.Logger;

/**
 * {@link UartPort} over a Linux tty device file such as {@code /dev/serial0}, with no native code.
 *
 * <p>Configuration runs {@code stty} ({@link Stty}): raw mode, no echo, no flow control, modem lines ignored, and
 * {@code min 0 time 1}, so that a read syscall returns after at most 100 ms without data. {@link #read} polls
 * with such reads until its timeout, sleeping {@value #POLL_MILLIS} ms through the injected {@link Sleeper}
 * between empty reads (a plain file or a pipe returns at once at its end).
 *
 * <p>Limitations, honestly: the JDK opens the device without {@code O_NOCTTY} and cannot call {@code tcflush},
 * so {@link #drainInput} reads and discards; run the node as a service (no controlling terminal) and disable the
 * serial console on the port ({@code raspi-config}). The user needs to be in the {@code dialout} group.
 */
public final class LinuxUartPort implements UartPort {
    static final int POLL_MILLIS = 10;
    private static final int DRAIN_LIMIT = 64;

    private final Path device;
    private final String sensorId;
    private final Sleeper sleeper;
    private final Stty stty;
    private final FileChannel rx;
    private final FileChannel tx;
    private volatile boolean closed;

    private LinuxUartPort(Path device, String sensorId, Sleeper sleeper, Stty stty, FileChannel rx, FileChannel tx) {
        this.device = device;
        this.sensorId = sensorId;
        this.sleeper = sleeper;
        this.stty = stty;
        this.rx = rx;
        this.tx = tx;
    }

    /** Opens {@code device} (e.g. {@code /dev/serial0}) for reading and writing, configured with {@code stty}. */
    public static LinuxUartPort open(Path device, String sensorId, Sleeper sleeper) throws DeviceException {
        Objects.requireNonNull(device, "device");
        try {
            FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new LinuxUartPort(device, sensorId, sleeper, Stty.process(), channel, channel);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DeviceNotFoundException(sensorId, "no serial device " + device);
        } catch (IOException e) {
            throw new BusException(sensorId, "cannot open %s: %s".formatted(device, e), false, e);
        }
    }

    /**
     * A port that reads from {@code rx} and writes to {@code tx}, two plain files or pipes: the test seam, and a
     * way to replay a captured byte stream. {@code stty} is applied to {@code rx}.
     */
    public static LinuxUartPort open(Path rx, Path tx, String sensorId, Sleeper sleeper, Stty stty)
            throws DeviceException {
        try {
            FileChannel in = FileChannel.open(rx, StandardOpenOption.READ);
            try {
                FileChannel out = FileChannel.open(
                        tx, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return new LinuxUartPort(rx, sensorId, sleeper, stty, in, out);
            } catch (IOException e) {
                in.close();
                throw e;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DeviceNotFoundException(sensorId, "no serial device " + e.getFile());
        } catch (IOException e) {
            throw new BusException(sensorId, "cannot open %s / %s: %s".formatted(rx, tx, e), false, e);
        }
    }

    /** The stty words for {@code settings}, e.g. {@code 9600 cs8 -parenb -cstopb raw -echo ...}. */
    static List<String> sttyWords(UartSettings settings) {
        List<String> words = new ArrayList<>();
        words.add(Integer.toString(settings.baud()));
        words.add("cs" + settings.dataBits());
        switch (settings.parity()) {
            case NONE -> words.add("-parenb");
            case EVEN -> words.addAll(List.of("parenb", "-parodd"));
            case ODD -> words.addAll(List.of("parenb", "parodd"));
        }
        words.add(settings.stopBits() == 2 ? "cstopb" : "-cstopb");
        words.addAll(List.of("raw", "-echo", "-crtscts", "-ixon", "-ixoff", "clocal", "min", "0", "time", "1"));
        return words;
    }

    @Override
    public void configure(UartSettings settings) throws DeviceException {
        checkOpen();
        try {
            stty.apply(device, sttyWords(settings));
            Logger.debug("{}: {} set to {}", sensorId, device, settings);
        } catch (IOException e) {
            throw new BusException(sensorId, "cannot set %s on %s: %s".formatted(settings, device, e), false, e);
        }
    }

    @Override
    public void write(byte[] data) throws DeviceException {
        checkOpen();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                tx.write(buffer);
            }
        } catch (IOException e) {
            throw SysfsErrors.toDeviceException(sensorId, device.toString(), e);
        }
    }

    @Override
    public int read(byte[] into, Duration timeout) throws DeviceException {
        checkOpen();
        long deadline = sleeper.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                int n = rx.read(ByteBuffer.wrap(into));
                if (n > 0) {
                    return n;
                }
                long left = deadline - sleeper.nanoTime();
                if (left <= 0 || into.length == 0) {
                    return 0;
                }
                sleeper.sleep(Duration.ofNanos(
                        Math.min(left, Duration.ofMillis(POLL_MILLIS).toNanos())));
            }
        } catch (IOException e) {
            throw SysfsErrors.toDeviceException(sensorId, device.toString(), e);
        }
    }

    @Override
    public void drainInput() throws DeviceException {
        checkOpen();
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        try {
            for (int i = 0; i < DRAIN_LIMIT; i++) {
                scratch.clear();
                if (rx.read(scratch) <= 0) {
                    return;
                }
            }
        } catch (IOException e) {
            throw SysfsErrors.toDeviceException(sensorId, device.toString(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(rx);
        if (tx != rx) {
            closeQuietly(tx);
        }
    }

    private void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            Logger.warn("{}: closing {} failed: {}", sensorId, device, e.toString());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(sensorId + ": UART handle used after close");
        }
    }
}
