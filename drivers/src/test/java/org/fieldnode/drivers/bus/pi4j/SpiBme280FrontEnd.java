// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

/**
 * The SPI face of a simulated Bosch register chip, decoding transactions as BME280 datasheet §6.3 describes them:
 * a control byte (bit 7 RW, bits 6..0 the address's low bits; the chip supplies address bit 7), then data. A write
 * transaction may carry several control/data pairs. Records every MOSI frame.
 */
final class SpiBme280FrontEnd implements Pi4jSpiRegisterBus.Transfer {
    private final SimulatedI2cTarget chip;
    private final List<byte[]> frames = new ArrayList<>();

    SpiBme280FrontEnd(SimulatedI2cTarget chip) {
        this.chip = chip;
    }

    @Override
    public int exchange(byte[] tx, byte[] rx) {
        frames.add(tx.clone());
        int control = tx[0] & 0xFF;
        if ((control & 0x80) != 0) {
            byte[] data = new byte[tx.length - 1];
            chip.read(control, data); // 0x80 | low bits is the full address
            System.arraycopy(data, 0, rx, 1, data.length);
        } else {
            for (int i = 0; i + 1 < tx.length; i += 2) {
                chip.write((tx[i] & 0x7F) | 0x80, new byte[] {tx[i + 1]});
            }
        }
        return tx.length;
    }

    List<byte[]> frames() {
        return frames;
    }
}
