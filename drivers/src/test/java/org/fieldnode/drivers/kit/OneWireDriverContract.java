// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import java.util.List;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedDs18b20;

/**
 * The driver kit for a probe on a 1-Wire line read through the kernel's {@code w1} files ({@link BusDriverContract}
 * says what it checks). The probe is put on the line named by the node's bus. Transient faults, each for the next
 * read: a scratchpad that flipped a bit on the wire (the kernel's {@code crc=.. NO}), a {@code w1_slave} file cut
 * after its first line, a read failing with EIO. Missing: the probe is detached (it vanishes from the listing, as
 * with a cut cable); after open that is {@link Absence#REPORTED}.
 */
public abstract class OneWireDriverContract extends BusDriverContract<SimulatedDs18b20> {
    @Override
    protected void attach(SimulatedBusProvider buses, SensorNode node, SimulatedDs18b20 probe) {
        buses.otherBuses().addOneWireLine(node.bus()).attach(probe);
    }

    @Override
    protected List<TransientFault<SimulatedDs18b20>> transientFaults() {
        return List.of(
                next("scratchpad crc=.. NO", LineFault.CRC_ERROR),
                next("w1_slave cut short", LineFault.SHORT_READ),
                next("read fails with EIO", LineFault.TIMEOUT));
    }

    private static TransientFault<SimulatedDs18b20> next(String name, LineFault fault) {
        return new TransientFault<>(name, p -> p.failNext(1, fault), p -> {});
    }

    @Override
    protected void makeMissing(SimulatedBusProvider buses, SensorNode node, SimulatedDs18b20 probe) {
        buses.otherBuses().oneWireLine(node.bus()).detach(probe.id());
    }

    @Override
    protected void restore(SimulatedBusProvider buses, SensorNode node, SimulatedDs18b20 probe) {
        if (!buses.otherBuses().oneWireLine(node.bus()).ids().contains(probe.id())) {
            buses.otherBuses().oneWireLine(node.bus()).attach(probe);
        }
    }

    @Override
    protected Absence absenceAfterOpen() {
        return Absence.REPORTED;
    }
}
