// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which GPIO line of a board's header each part of a profile takes, and the conflicts between them: a line used by
 * two of the profile's buses, a sensor on a line one of the profile's buses uses (GPIO 2 and 3 while I2C bus 1 is
 * on), two sensors on one line, a line the header does not have, a bus the board cannot carry, and a gpiochip label
 * that is not the board's. Feed the buses first, then the sensors; each call answers with the problem it found.
 */
final class PinCheck {
    /** A problem with one key of the bus or sensor just checked. */
    record Problem(String key, String message) {}

    /** Lines 0 and 1 carry the HAT ID EEPROM's I2C bus: never suggested as free. */
    private static final int FIRST_FREE_CANDIDATE = 4;

    private final Board board;
    private final Map<Integer, String> takenBy = new HashMap<>();
    private final Map<Integer, String> sensorLines = new HashMap<>();

    PinCheck(Board board) {
        this.board = board;
    }

    /** Records the lines a (real, not simulated) bus of the profile takes. */
    Optional<Problem> bus(BusConfig bus) {
        return switch (bus.kind()) {
            case "i2c" ->
                board.bus("i2c", bus.number())
                        .map(b -> take(b.lines(), "bus " + bus.name() + " (" + b.device() + ")", "bus"))
                        .orElseGet(() -> Optional.of(new Problem(
                                "bus",
                                "%s has no I2C bus %d; it has %s"
                                        .formatted(board.model(), bus.number(), list("i2c")))));
            case "spi" -> spi(bus);
            case "uart" ->
                bus.device()
                        .flatMap(d -> board.busWithDevice("uart", d.toString()))
                        .flatMap(b -> take(b.lines(), "bus " + bus.name() + " (" + b.device() + ")", "device"));
            case "onewire" ->
                bus.root()
                        .flatMap(r -> board.busWithDevice("onewire", r.toString()))
                        .flatMap(b -> take(b.lines(), "bus " + bus.name() + " (1-Wire, " + b.enable() + ")", "root"));
            case "gpio" ->
                bus.chipLabels().stream()
                        .filter(l -> !l.equals(board.gpioChipLabel()))
                        .findFirst()
                        .map(l -> new Problem(
                                "chip-label",
                                "%s drives its header with gpiochip '%s', not '%s'"
                                        .formatted(board.model(), board.gpioChipLabel(), l)));
            default -> Optional.empty();
        };
    }

    private Optional<Problem> spi(BusConfig bus) {
        Optional<BoardBus> found = board.bus("spi", bus.number());
        if (found.isEmpty()) {
            return Optional.of(new Problem(
                    "bus", "%s has no SPI bus %d; it has %s".formatted(board.model(), bus.number(), list("spi"))));
        }
        BoardBus spi = found.get();
        if (bus.chipSelect() >= spi.chipSelects().size()) {
            return Optional.of(new Problem(
                    "chip-select",
                    "%s has chip selects 0..%d on SPI bus %d"
                            .formatted(board.model(), spi.chipSelects().size() - 1, bus.number())));
        }
        return take(spi.linesWith(bus.chipSelect()), "bus " + bus.name() + " (" + spi.device() + ")", "bus");
    }

    /** Checks the line of an enabled sensor on a real GPIO bus; other sensors take no line of their own. */
    Optional<Problem> sensor(SensorConfig sensor, String path, BusConfig bus) {
        if (!bus.kind().equals("gpio") || sensor.address() < 0) {
            return Optional.empty();
        }
        int line = sensor.address();
        Optional<HeaderPin> pin = board.pinOfLine(line);
        if (pin.isEmpty()) {
            return Optional.of(new Problem(
                    "reg",
                    "GPIO %d is not on the %s header; free lines: %s".formatted(line, board.model(), freeLines())));
        }
        String owner = takenBy.get(line);
        if (owner != null) {
            return Optional.of(new Problem(
                    "reg",
                    "GPIO %d, %s, is taken by %s of this profile; free lines: %s"
                            .formatted(line, pin.get().describe(), owner, freeLines())));
        }
        String other = sensorLines.putIfAbsent(line, path + " on bus " + sensor.bus());
        if (other != null && !other.endsWith(" on bus " + sensor.bus())) {
            // the same bus and line is reported by the loader's address check already
            return Optional.of(new Problem(
                    "reg",
                    "GPIO %d, %s, is already used by %s"
                            .formatted(line, pin.get().describe(), other)));
        }
        return Optional.empty();
    }

    private Optional<Problem> take(List<Integer> lines, String owner, String key) {
        for (int line : lines) {
            String previous = takenBy.putIfAbsent(line, owner);
            if (previous != null && !previous.equals(owner)) {
                String pin = board.pinOfLine(line).map(HeaderPin::describe).orElse("GPIO " + line);
                return Optional.of(
                        new Problem(key, "%s needs %s, which %s already takes".formatted(owner, pin, previous)));
            }
        }
        return Optional.empty();
    }

    private String list(String kind) {
        return board.buses().values().stream()
                .filter(b -> b.kind().equals(kind))
                .map(b -> b.device() + " (" + b.enable() + ")")
                .collect(Collectors.joining(", "));
    }

    /** A few header lines nothing in the profile takes, as "GPIO 17 (pin 11)". */
    private String freeLines() {
        List<String> free = new ArrayList<>();
        for (HeaderPin pin : board.header()) {
            if (pin.gpio().isEmpty()) {
                continue;
            }
            int line = pin.gpio().getAsInt();
            if (line >= FIRST_FREE_CANDIDATE && !takenBy.containsKey(line) && !sensorLines.containsKey(line)) {
                free.add("GPIO " + line + " (pin " + pin.pin() + ")");
            }
        }
        free.sort(java.util.Comparator.comparingInt(s -> Integer.parseInt(s.substring(5, s.indexOf(' ', 5)))));
        return free.isEmpty() ? "none" : String.join(", ", free.subList(0, Math.min(4, free.size())));
    }
}
