// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fieldnode demo --profile FILE} on an RS-485 soil-probe profile: the soil probe's driver and the generic
 * register-map driver read their simulated Modbus slaves through the RTU master, and the collector stores it all.
 */
class ModbusDemoIT {
    @TempDir
    Path dir;

    @Test
    void demo_onASoilProbeProfile_storesTheModbusSlavesReadings() throws Exception {
        Path profile = dir.resolve("soil.yaml");
        Files.writeString(profile, """
                board: simulated
                buses:
                  rs485: { kind: modbus, baud: 4800, simulated: true }
                sensors:
                  - { id: soil0, compatible: "comwintop,cwt-soil-thc", bus: rs485, reg: 1, interval: 2s }
                  - id: tank0
                    compatible: fieldnode,modbus-registers
                    bus: rs485
                    reg: 7
                    interval: 2s
                    properties:
                      function: 4
                      water_level: { register: 0x0010, type: float32, word-order: little, unit: m }
                """);
        StringWriter text = new StringWriter();

        Demo.Result result =
                new Demo(profile.toString(), SenmlFormat.CBOR, Duration.ofSeconds(5), new PrintWriter(text)).run();

        assertThat(result.consistent()).as(text.toString()).isTrue();
        assertThat(text.toString())
                .containsPattern("name=soil0/soil_moisture value=31\\.5 unit=% ")
                .containsPattern("name=soil0/temperature value=-?\\d+\\.\\d+ unit=Cel ")
                .containsPattern("name=soil0/conductivity value=0\\.125 unit=S/m ")
                .containsPattern("name=tank0/water_level value=1\\.2\\d* unit=m ");
    }
}
