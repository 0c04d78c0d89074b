// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads one composed profile, an overlay already merged into its kit, section by section in the order of the
 * schema, then checks it against its board. Every problem is collected in the {@link YamlReader}; the profile read
 * is only meaningful when there is none.
 */
final class ProfileReader {
    private final String source;
    private final YamlReader reader;
    private final Map<String, DriverDeclaration> drivers;
    private final BoardCheck boardCheck;

    ProfileReader(String source, YamlReader reader, Map<String, DriverDeclaration> drivers, BoardCheck boardCheck) {
        this.source = source;
        this.reader = reader;
        this.drivers = drivers;
        this.boardCheck = boardCheck;
    }

    /** The profile at {@code root}; null when the document is not a mapping (reported). */
    Profile read(Node root) {
        YamlMap top = reader.mapping(root, "");
        if (top == null) {
            return null;
        }
        top.only(ProfileSchema.TOP.names());
        String board = ProfileSchema.BOARD.read(top);
        NodeLabels node =
                top.node(ProfileSchema.NODE.name()) == null ? NodeLabels.none() : ProfileSchema.nodeLabels(reader, top);
        BusSection.Read buses = BusSection.read(reader, top);
        List<SensorSection.Placed> sensors = new SensorSection(reader, drivers, buses.buses()).read(top);
        ReportConfig report = top.node(ProfileSchema.REPORT.name()) == null
                ? ReportConfig.defaults()
                : ReportSection.read(reader, top);
        QueueConfig queue =
                top.node(ProfileSchema.QUEUE.name()) == null ? QueueConfig.defaults() : QueueSection.read(reader, top);
        if (board != null) {
            boardCheck.check(top, board, buses, sensors);
        }
        return new Profile(
                source,
                board,
                buses.buses(),
                sensors.stream().map(SensorSection.Placed::sensor).toList(),
                report,
                queue,
                node);
    }
}
