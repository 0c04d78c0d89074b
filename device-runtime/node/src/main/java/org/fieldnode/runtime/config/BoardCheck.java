// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldnode.protocol.Suggestions;

/**
 * Checks a kit against the board it names ({@code board: raspberrypi,4b}): its buses exist there, its gpiochip label
 * is the board's, and no GPIO line of the header is taken twice — by two buses, two sensors, or a sensor on a line
 * one of the profile's buses uses ({@link PinCheck}). A free-form board name has nothing to check against, and
 * {@code simulated} needs no header; a misspelt {@code vendor,model} gets a suggestion.
 */
final class BoardCheck {
    /** Read on first use: a simulated kit never parses the board files. */
    private final Supplier<Boards> boards;

    BoardCheck(Supplier<Boards> boards) {
        this.boards = boards;
    }

    /**
     * @param top the profile's top level, where a problem with {@code board:} points
     * @param buses the profile's buses, and the mappings they came from
     * @param sensors the sensors, and the mappings they came from
     */
    void check(YamlMap top, String boardName, BusSection.Read buses, List<SensorSection.Placed> sensors) {
        if (boardName.equals(Boards.SIMULATED)) {
            return;
        }
        Boards catalogue = boards.get();
        Optional<Board> found = catalogue.find(boardName);
        if (found.isEmpty()) {
            if (boardName.contains(",")) {
                top.problem(
                        ProfileSchema.BOARD.name(),
                        "unknown board '" + boardName + "'" + Suggestions.hint(boardName, catalogue.compatibles())
                                + " (known: " + String.join(", ", catalogue.compatibles()) + ", or "
                                + Boards.SIMULATED + ")");
            }
            return;
        }
        PinCheck pins = new PinCheck(found.get());
        Map<String, BusConfig> byName = buses.buses();
        for (BusConfig bus : byName.values()) {
            YamlMap map = buses.maps().get(bus.name());
            if (bus.simulated() || map == null) {
                continue;
            }
            pins.bus(bus).ifPresent(p -> map.problem(p.key(), p.message()));
        }
        for (SensorSection.Placed placed : sensors) {
            BusConfig bus = byName.get(placed.sensor().bus());
            if (bus == null || bus.simulated() || !placed.sensor().enabled()) {
                continue;
            }
            YamlMap map = placed.map();
            // A line the bus gives (line:) is the sensor's through its bus: point at bus: when reg is absent.
            pins.sensor(placed.sensor(), placed.path(), bus)
                    .ifPresent(p -> map.problem(
                            p.key().equals(SensorSection.REG.name()) && map.node(SensorSection.REG.name()) == null
                                    ? SensorSection.BUS.name()
                                    : p.key(),
                            p.message()));
        }
    }
}
