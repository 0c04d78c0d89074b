// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.fieldnode.drivers.sensor.dfrobot.a02yyuw.A02yyuwProtocol;
import org.fieldnode.drivers.sensor.nova.sds011.Sds011Protocol;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedA02yyuw;
import org.fieldnode.drivers.sim.SimulatedSds011;
import org.fieldnode.drivers.sim.SimulatedUart;

class FrameSyncProperties {
    /** Garbage that is not itself a valid frame, then a frame: the frame is found. */
    @Property
    void sds011_resyncsAfterAnyGarbage(
            @ForAll @Size(max = 40) byte[] garbage, @ForAll @IntRange(min = 0, max = 9999) int tenths)
            throws Exception {
        FakeSleeper clock = new FakeSleeper();
        SimulatedSds011 chip = new SimulatedSds011(clock);
        chip.setConcentrations(tenths / 10.0, 0);
        byte[] frame = chip.dataFrame();
        if (holdsFrame(garbage, Sds011Protocol::judge)) {
            return;
        }
        chip.injectBytes(garbage);
        try (UartPort port = new SimulatedUart("u", chip, clock).open("p")) {
            port.configure(Sds011Protocol.SERIAL);
            byte[] found = FrameSync.read(port, clock, Duration.ofSeconds(3), Sds011Protocol::judge, "p");
            assertThat(Sds011Protocol.pm2_5(found)).isEqualTo(Sds011Protocol.pm2_5(frame));
        }
    }

    @Property
    void a02yyuw_findsTheFirstValidFrameInAnyCapture(
            @ForAll @Size(max = 12) byte[] garbage, @ForAll @IntRange(min = 0, max = 0xFFFF) int millimetres) {
        SimulatedA02yyuw chip = new SimulatedA02yyuw(new FakeSleeper());
        chip.setDistanceMillimetres(millimetres);
        byte[] frame = chip.frame();
        byte[] capture = new byte[garbage.length + frame.length];
        System.arraycopy(garbage, 0, capture, 0, garbage.length);
        System.arraycopy(frame, 0, capture, garbage.length, frame.length);

        byte[] found = FrameSync.findIn(capture, A02yyuwProtocol::judge);

        assertThat(found).isNotNull().hasSize(4);
        if (!holdsFrame(garbage, A02yyuwProtocol::judge) && !overlaps(garbage)) {
            assertThat(A02yyuwProtocol.millimetres(found)).isEqualTo(millimetres);
        }
    }

    /** Whether {@code bytes} hold a valid frame; frame-shaped bytes with a bad checksum do not count. */
    private static boolean holdsFrame(byte[] bytes, FrameSync.Decoder decoder) {
        try {
            return FrameSync.findIn(bytes, decoder) != null;
        } catch (IllegalArgumentException badChecksumOnly) {
            return false;
        }
    }

    /** Whether a 0xFF within the last three garbage bytes could start a valid frame that runs into the real one. */
    private static boolean overlaps(byte[] garbage) {
        for (int i = Math.max(0, garbage.length - 3); i < garbage.length; i++) {
            if (garbage[i] == (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }
}
