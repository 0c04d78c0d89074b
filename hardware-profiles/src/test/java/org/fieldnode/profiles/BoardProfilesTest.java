// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fieldnode.runtime.config.Board;
import org.fieldnode.runtime.config.BoardBus;
import org.fieldnode.runtime.config.Boards;
import org.fieldnode.runtime.config.HeaderPin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped board files: complete headers, buses on header lines, the right gpiochip labels and models. */
class BoardProfilesTest {
    private static final Path SOURCES = Path.of("src/main/resources/boards");
    private static final Boards BOARDS = Boards.onClassPath();

    @Test
    void index_listsExactlyTheShippedBoards() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<String> shipped = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .toList();
            assertThat(Boards.index()).containsExactlyInAnyOrderElementsOf(shipped);
        }
        assertThat(BOARDS.compatibles())
                .containsExactly(
                        "raspberrypi,3b-plus",
                        "raspberrypi,4b",
                        "raspberrypi,5",
                        "raspberrypi,cm4",
                        "raspberrypi,zero-2-w");
    }

    @ParameterizedTest
    @CsvSource({
        "raspberrypi,zero-2-w, pinctrl-bcm2835, 512",
        "raspberrypi,3b-plus,  pinctrl-bcm2835, 1024",
        "raspberrypi,4b,       pinctrl-bcm2711, 1024",
        "raspberrypi,5,        pinctrl-rp1,     1024",
        "raspberrypi,cm4,      pinctrl-bcm2711, 1024"
    })
    void board_hasItsLabelRamAndAFullHeader(String vendor, String model, String label, int smallestRam) {
        Board board = BOARDS.find(vendor + "," + model).orElseThrow();

        assertThat(board.gpioChipLabel()).isEqualTo(label);
        assertThat(board.smallestRamMib()).isEqualTo(smallestRam);
        assertThat(board.cores()).isEqualTo(4);
        assertThat(board.header()).extracting(HeaderPin::pin).containsExactlyElementsOf(range(1, 40));
        // GPIO 0..27 are on the header, once each; 26 pins carry them, 14 carry power or ground
        assertThat(board.header().stream().filter(p -> p.gpio().isPresent()).count())
                .isEqualTo(28);
        assertThat(board.pinOfLine(2).orElseThrow().pin()).isEqualTo(3);
        assertThat(board.pinOfLine(17).orElseThrow().pin()).isEqualTo(11);
        assertThat(board.pinOfLine(4).orElseThrow().describe()).startsWith("pin 7 (GPIO 4");
        assertThat(board.header().get(0).power()).isEqualTo("3V3");
        assertThat(board.header().get(5).power()).isEqualTo("GND");
        BoardBus i2c1 = board.bus("i2c", 1).orElseThrow();
        assertThat(i2c1.device()).isEqualTo("/dev/i2c-1");
        assertThat(i2c1.lines()).containsExactly(2, 3);
        assertThat(board.busWithDevice("uart", "/dev/serial0").orElseThrow().lines())
                .containsExactly(14, 15);
        assertThat(board.bus("spi", 0).orElseThrow().linesWith(1)).containsExactly(9, 10, 11, 7);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Raspberry Pi Zero 2 W Rev 1.0 | raspberrypi,zero-2-w",
                "Raspberry Pi 3 Model B Plus Rev 1.3 | raspberrypi,3b-plus",
                "Raspberry Pi 4 Model B Rev 1.5 | raspberrypi,4b",
                "Raspberry Pi 5 Model B Rev 1.0 | raspberrypi,5",
                "Raspberry Pi Compute Module 4 Rev 1.0 | raspberrypi,cm4"
            })
    void byModel_readsProcDeviceTreeModel(String model, String compatible) {
        // the kernel's file ends in a NUL byte
        assertThat(BOARDS.byModel(model + "\0")).map(Board::compatible).contains(compatible);
    }

    @Test
    void byModel_unknownMachine_isEmpty() {
        assertThat(BOARDS.byModel("Raspberry Pi 3 Model B Rev 1.2")).isEmpty();
        assertThat(BOARDS.byModel("QEMU Virtual Machine")).isEmpty();
    }

    @Test
    void recommendedHeap_isAnEighthOfMemory_between64And256MiB() {
        Map<Long, Integer> expected = Map.of(512L, 64, 1024L, 128, 2048L, 256, 8192L, 256, 256L, 64);
        expected.forEach((ram, heap) ->
                assertThat(Board.recommendedHeapMib(ram)).as("%d MiB", ram).isEqualTo(heap));
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }
}
