// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A Modbus slave whose registers are a table: what is set with {@link #setHolding} or {@link #setInput} is there,
 * everything else answers exception 02. Writes go to holding registers marked {@link #writable}. Device models
 * extend it and refresh their measurement registers in {@link #onRequest}.
 */
public class SimulatedRegisterMapSlave extends SimulatedModbusSlave {
    private final Map<Integer, Integer> holding = new TreeMap<>();
    private final Map<Integer, Integer> input = new TreeMap<>();
    private final Map<Integer, Boolean> writable = new TreeMap<>();

    public SimulatedRegisterMapSlave(Sleeper clock) {
        super(clock);
    }

    /** Puts {@code value} (0..65535; a negative int16 is stored as its two's complement) in holding {@code address}. */
    public final synchronized void setHolding(int address, int value) {
        holding.put(address, value & 0xFFFF);
    }

    /** Puts {@code value} in input register {@code address}. */
    public final synchronized void setInput(int address, int value) {
        input.put(address, value & 0xFFFF);
    }

    /** Lets function 06 write holding register {@code address}. */
    public final synchronized void writable(int address) {
        writable.put(address, true);
        holding.putIfAbsent(address, 0);
    }

    @Override
    protected final synchronized OptionalInt holding(int address) {
        Integer value = holding.get(address);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Override
    protected final synchronized OptionalInt input(int address) {
        Integer value = input.get(address);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Override
    protected synchronized boolean write(int address, int value) {
        if (!writable.getOrDefault(address, false)) {
            return false;
        }
        holding.put(address, value);
        return true;
    }
}
