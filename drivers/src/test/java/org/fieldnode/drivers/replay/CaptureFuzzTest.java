// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Factory;
import org.fieldnode.drivers.sensor.dfrobot.a02yyuw.A02yyuwFactory;
import org.fieldnode.drivers.sensor.dfrobot.a02yyuw.A02yyuwProtocol;
import org.fieldnode.drivers.sensor.maxim.ds18b20.Ds18b20Factory;
import org.fieldnode.drivers.sensor.nova.sds011.Sds011Factory;
import org.fieldnode.drivers.sensor.nova.sds011.Sds011Protocol;
import org.fieldnode.drivers.sensor.plantower.pms5003.Pms5003Factory;
import org.fieldnode.drivers.sensor.plantower.pms5003.Pms5003Protocol;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedA02yyuw;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedDs18b20;
import org.fieldnode.drivers.sim.SimulatedPms5003;
import org.fieldnode.drivers.sim.SimulatedSds011;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what a node or an operator feeds the drivers from outside (SECURITY R35): capture files for
 * {@code fieldnode replay} and the UART frame decoders of the PMS5003, SDS011 and A02YYUW. A damaged capture parses
 * or fails with {@link MalformedCaptureException}; a damaged stream run through the real driver gives a measurement
 * or the driver's {@link DeviceException} (or {@link ReplayException} when the capture does not fit its reads); a
 * decoder judges any buffer window without throwing and never claims a frame longer than the window. Each input has
 * a time bound (no hang) and an allocation bound.
 */
class CaptureFuzzTest {
    private static final String SUITE = "capture-fuzz";
    private static final Duration PER_INPUT = Duration.ofSeconds(2);

    @Test
    void textCaptures_parseOrFailAtALine() {
        List<String> seeds = List.of(
                bme280Dump(),
                "# PMS5003\n" + xxd(new SimulatedPms5003(new FakeSleeper()).dataFrame()),
                "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        for (BusKind kind : List.of(BusKind.I2C, BusKind.UART, BusKind.ONE_WIRE)) {
            FuzzRun.run(SUITE, FuzzRun.textMutationsOf(seeds), 700, PER_INPUT, text -> {
                try {
                    assertThat(Replay.parse(kind, "capture.txt", text)).isNotNull();
                } catch (MalformedCaptureException e) {
                    assertThat(e.getMessage()).startsWith("capture.txt");
                }
            });
        }
    }

    @Test
    void damagedCaptures_throughTheRealDrivers_giveAReadingOrTheDriversError() {
        record Target(SensorDriverFactory factory, SensorNode node, byte[] seed, boolean text) {}
        List<Target> targets = List.of(
                new Target(new Pms5003Factory(), node("plantower,pms5003", 0), pmsStream(), false),
                new Target(new Sds011Factory(), node("nova,sds011", 0), sdsFrame(), false),
                new Target(
                        new A02yyuwFactory(),
                        new SensorNode("replay", "dfrobot,a02yyuw", "replay", 0, Map.of("mount-height-m", "3")),
                        a02Frames(),
                        false),
                new Target(
                        new Bme280Factory(),
                        node("bosch,bme280", 0x76),
                        bme280Dump().getBytes(),
                        true),
                new Target(
                        new Ds18b20Factory(),
                        node("maxim,ds18b20", 0),
                        SimulatedDs18b20.w1SlaveText(new SimulatedDs18b20(0x0316a2797effL, () -> -4.5).convert())
                                .getBytes(),
                        true));
        for (Target t : targets) {
            FuzzRun.run(SUITE, FuzzRun.mutationsOf(List.of(t.seed())), 500, PER_INPUT, bytes -> {
                String text = t.text() ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : xxd(bytes);
                Capture capture;
                try {
                    capture = Replay.parse(t.factory().busKind(), "capture.txt", text);
                } catch (MalformedCaptureException e) {
                    return;
                }
                try {
                    assertThat(Replay.run(t.factory(), t.node(), capture).values())
                            .isNotNull();
                } catch (DeviceException | ReplayException e) {
                    assertThat(e.getMessage()).isNotBlank();
                } catch (IllegalArgumentException e) {
                    // Documented by Replay.run: damage can turn an i2cdump into text that reads as another kind of
                    // capture (hex bytes); the message says which kind the driver needs (fieldnode replay: exit 2).
                    assertThat(e.getMessage()).contains(t.node().compatible()).contains("replay it from");
                }
            });
        }
    }

    @Test
    void frameDecoders_judgeAnyWindowWithoutThrowing() {
        Map<String, FrameSync.Decoder> decoders = Map.of(
                "pms5003", Pms5003Protocol::judge, "sds011", Sds011Protocol::judge, "a02yyuw", A02yyuwProtocol::judge);
        Arbitrary<byte[]> buffers = FuzzRun.mutationsOf(List.of(pmsStream(), sdsFrame(), a02Frames()));
        Arbitrary<int[]> windows = Combinators.combine(
                        Arbitraries.integers().between(0, 80),
                        Arbitraries.integers().between(0, 80))
                .as((a, b) -> new int[] {a, b});
        Arbitrary<Object[]> inputs = Combinators.combine(buffers, windows).as((b, w) -> new Object[] {b, w});
        FuzzRun.run(SUITE, inputs, 3000, PER_INPUT, input -> {
            byte[] buffer = (byte[]) input[0];
            int[] window = (int[]) input[1];
            for (FrameSync.Decoder decoder : decoders.values()) {
                if (buffer.length > 0) {
                    // FrameSync's contract: at least one buffered byte from a start inside the buffer.
                    int start = Math.min(window[0], buffer.length - 1);
                    int length = Math.max(1, Math.min(window[1], buffer.length - start));
                    FrameSync.Verdict verdict = decoder.judge(buffer, start, length);
                    if (verdict instanceof FrameSync.Verdict.Frame frame) {
                        assertThat(frame.length()).isBetween(1, length);
                    }
                }
                try {
                    byte[] found = FrameSync.findIn(buffer, decoder);
                    assertThat(found == null || found.length <= buffer.length).isTrue();
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).startsWith("checksum mismatch");
                }
            }
        });
    }

    private static SensorNode node(String compatible, int address) {
        return new SensorNode("replay", compatible, "replay", address, Map.of());
    }

    private static byte[] pmsStream() {
        SimulatedPms5003 chip = new SimulatedPms5003(new FakeSleeper());
        chip.setAtmospheric(7, 12, 19);
        byte[] frame = chip.dataFrame();
        byte[] stream = new byte[frame.length * 2 - 17];
        System.arraycopy(frame, 17, stream, 0, frame.length - 17);
        System.arraycopy(frame, 0, stream, frame.length - 17, frame.length);
        return stream;
    }

    private static byte[] sdsFrame() {
        SimulatedSds011 chip = new SimulatedSds011(new FakeSleeper());
        chip.setConcentrations(12.3, 45.6);
        return chip.dataFrame();
    }

    private static byte[] a02Frames() {
        SimulatedA02yyuw chip = new SimulatedA02yyuw(new FakeSleeper());
        chip.setDistanceMillimetres(1953);
        byte[] frame = chip.frame();
        byte[] two = new byte[frame.length * 2 + 2];
        two[0] = (byte) 0xA1;
        two[1] = (byte) 0xA7;
        System.arraycopy(frame, 0, two, 2, frame.length);
        System.arraycopy(frame, 0, two, 2 + frame.length, frame.length);
        return two;
    }

    private static String bme280Dump() {
        FakeSleeper clock = new FakeSleeper(1L << 40);
        SimulatedBme280 chip = new SimulatedBme280(clock);
        chip.setConditions(21.37, 48.5, 99_870.0);
        chip.write(0xF2, new byte[] {0x01});
        chip.write(0xF4, new byte[] {0x25});
        clock.advance(Duration.ofMillis(20));
        byte[] registers = new byte[256];
        chip.read(0x00, registers);
        return I2cDumpText.format(registers, new boolean[256]);
    }

    private static String xxd(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 30) {
            out.append(HexFormat.of().formatHex(bytes, i, Math.min(bytes.length, i + 30)))
                    .append('\n');
        }
        return out.toString();
    }
}
