// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsOneWireBusTest {
    @TempDir
    Path devices;

    @Test
    void listsOnlyTheFamilyAsked_inOrder() throws Exception {
        for (String id : new String[] {"28-0000000000b2", "28-0000000000a1", "10-000801b5e2a1", "w1_bus_master1"}) {
            Files.createDirectories(devices.resolve(id));
        }
        try (SysfsOneWireBus bus = new SysfsOneWireBus(devices, "t0")) {
            assertThat(bus.devices(0x28)).containsExactly("28-0000000000a1", "28-0000000000b2");
            assertThat(bus.devices(0x10)).containsExactly("10-000801b5e2a1");
            assertThat(bus.devices(0x3B)).isEmpty();
        }
    }

    @Test
    void readErrors_mapToOurExceptions() throws Exception {
        Files.createDirectories(devices.resolve("28-0000000000a1"));
        SysfsReader eio = path -> {
            throw new IOException("Input/output error");
        };
        try (SysfsOneWireBus bus = new SysfsOneWireBus(devices, "t0", eio)) {
            assertThatThrownBy(() -> bus.readSlave("28-0000000000a1"))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThatThrownBy(() -> bus.readSlave("28-0000000000ff")).isInstanceOf(DeviceNotFoundException.class);
            assertThatThrownBy(() -> bus.readSlave("../../etc")).isInstanceOf(IllegalArgumentException.class);
        }
        SysfsReader vanished = path -> {
            throw new NoSuchFileException(path.toString());
        };
        try (SysfsOneWireBus bus = new SysfsOneWireBus(devices, "t0", vanished)) {
            assertThatThrownBy(() -> bus.readSlave("28-0000000000a1")).isInstanceOf(DeviceNotFoundException.class);
        }
    }

    @Test
    void aMissingRoot_isAPermanentBusFault() {
        try (SysfsOneWireBus bus = new SysfsOneWireBus(devices.resolve("no-w1"), "t0")) {
            assertThatThrownBy(() -> bus.devices(0x28))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse());
        }
    }
}
