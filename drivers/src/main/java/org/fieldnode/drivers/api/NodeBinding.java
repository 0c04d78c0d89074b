// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.util.List;
import java.util.Set;

/**
 * What a {@link SensorDriverFactory#open} does around its driver: check the node's {@code reg}, then hand the bus
 * handle it opened to the driver's own open and close the handle again when that fails, so that a failed open
 * leaks nothing and a successful one leaves the handle to the sensor:
 *
 * <pre>{@code
 * NodeBinding.checkAddress(node, ADDRESSES, "a TMP117");
 * SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
 * return NodeBinding.openOwning(
 *         buses.openI2cRegisters(node.bus(), node.address(), node.id()), bus -> Tmp117.open(info, bus, sleeper));
 * }</pre>
 */
public final class NodeBinding {
    private NodeBinding() {}

    /** A driver's open: probes the part behind {@code handle} and returns the sensor that now owns the handle. */
    @FunctionalInterface
    public interface Opener<H> {
        Sensor open(H handle) throws DeviceException;
    }

    /**
     * Checks that the node's {@code reg} is one of the part's bus addresses.
     *
     * @param addresses the part's addresses, at least one ({@link SensorDriverFactory#addresses()})
     * @param part the part as the message names it, with its article: {@code "a BME280"}, {@code "an SHT3x"}
     * @throws IllegalArgumentException naming {@code reg}, e.g. {@code reg: a TMP117 answers at 0x48..0x4B, got 0x40}
     */
    public static void checkAddress(SensorNode node, Set<Integer> addresses, String part) {
        if (!addresses.contains(node.address())) {
            throw new IllegalArgumentException(
                    "reg: %s answers at %s, got 0x%02X".formatted(part, describeAddresses(addresses), node.address()));
        }
    }

    /**
     * Runs {@code driver} on {@code handle}. When it fails, closes the handle (a failure to close is added as
     * suppressed) and rethrows; on success the returned sensor owns the handle.
     */
    public static <H extends AutoCloseable> Sensor openOwning(H handle, Opener<H> driver) throws DeviceException {
        try {
            return driver.open(handle);
        } catch (DeviceException | RuntimeException e) {
            try {
                handle.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * The addresses as the messages of {@link #checkAddress} and of the profile check name them: {@code 0x68},
     * {@code 0x76 or 0x77}, {@code 0x48..0x4B} (a run of three or more), else a list.
     *
     * @param addresses at least one
     */
    public static String describeAddresses(Set<Integer> addresses) {
        List<Integer> sorted = addresses.stream().sorted().toList();
        int first = sorted.getFirst();
        int last = sorted.getLast();
        if (sorted.size() > 2 && last - first == sorted.size() - 1) {
            return "0x%02X..0x%02X".formatted(first, last);
        }
        List<String> hex = sorted.stream().map(a -> "0x%02X".formatted(a)).toList();
        if (hex.size() == 1) {
            return hex.getFirst();
        }
        return String.join(", ", hex.subList(0, hex.size() - 1)) + " or " + hex.getLast();
    }
}
