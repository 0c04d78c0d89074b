// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** A parsed capture of what a real node read from one device, in one of the formats of SENSORS.md. */
public sealed interface Capture {
    /** Where the capture came from, for messages. */
    String source();

    /**
     * The register file of a register-map I2C chip as {@code i2cdump -y BUS ADDR} (byte mode) printed it: 256
     * registers, each a value 0..255 or absent where the dump shows {@code XX} (the chip did not answer) or nothing.
     */
    record RegisterDump(String source, int[] values, boolean[] present) implements Capture {
        public RegisterDump {
            Objects.requireNonNull(source, "source");
            if (values.length != 256 || present.length != 256) {
                throw new IllegalArgumentException("a register dump has 256 registers");
            }
            values = values.clone();
            present = present.clone();
        }

        /** The value of {@code register}, or empty when the dump has none for it. */
        public Optional<Integer> value(int register) {
            return present[register] ? Optional.of(values[register]) : Optional.empty();
        }

        /** Registers the dump has a value for. */
        public int presentCount() {
            int n = 0;
            for (boolean p : present) {
                n += p ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * The 16-bit registers of a chip as {@code i2cdump -y BUS ADDR w} (word mode) printed them: each value as the
     * SMBus word read returned it, whose low byte is the first byte on the wire (for chips that send the most
     * significant byte first, such as TI's, the printed word looks byte-swapped). Absent where the dump shows
     * {@code XXXX}.
     */
    record WordDump(String source, int[] words, boolean[] present) implements Capture {
        public WordDump {
            Objects.requireNonNull(source, "source");
            if (words.length != 256 || present.length != 256) {
                throw new IllegalArgumentException("a word dump has 256 registers");
            }
            words = words.clone();
            present = present.clone();
        }

        /** The word read at {@code register}, or empty when the dump has none for it. */
        public Optional<Integer> word(int register) {
            return present[register] ? Optional.of(words[register]) : Optional.empty();
        }
    }

    /**
     * Raw bytes: what a command-based I2C chip answered to one measurement command, or the byte stream a UART
     * sensor sent (which may start mid-frame).
     */
    record Bytes(String source, byte[] bytes) implements Capture {
        public Bytes {
            Objects.requireNonNull(source, "source");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && b.source.equals(source) && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return source.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bytes[" + source + ", " + bytes.length + " bytes]";
        }
    }

    /**
     * The sysfs attributes of a kernel IIO device, as {@code grep . /sys/bus/iio/devices/iio:deviceN/in_*} prints them
     * ({@code PATH:VALUE} per line) or as {@code name=value} lines: attribute name (the file name) to its text.
     */
    record IioAttributes(String source, java.util.Map<String, String> attributes) implements Capture {
        public IioAttributes {
            Objects.requireNonNull(source, "source");
            attributes = java.util.Map.copyOf(attributes);
        }
    }

    /** The text of a DS18B20's kernel {@code w1_slave} file, both lines. */
    record W1SlaveText(String source, String text) implements Capture {
        public W1SlaveText {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }
    }
}
