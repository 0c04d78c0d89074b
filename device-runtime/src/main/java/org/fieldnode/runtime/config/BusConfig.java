// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

/**
 * One bus of the board.
 *
 * @param name the profile's name for it, e.g. {@code i2c1}
 * @param kind {@code i2c} for now
 * @param number the Linux bus number ({@code /dev/i2c-N}); ignored when simulated
 * @param simulated true to serve the bus and its chips from simulators (no hardware needed)
 */
public record BusConfig(String name, String kind, int number, boolean simulated) {}
