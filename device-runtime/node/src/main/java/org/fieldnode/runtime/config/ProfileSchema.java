// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;

/**
 * The profile's top level, its {@code node:} labels and an overlay's {@code extends:}, and the list of every
 * section's schema: what {@code hardware-profiles/PROFILE-KEYS.md} is written from ({@link ProfileKeyReference}).
 * The other sections declare their keys beside the code that reads them: {@link BusSection}, {@link SensorSection},
 * {@link ReportSection}, {@link QueueSection}.
 */
public final class ProfileSchema {
    /**
     * Labels are shown on the node only ({@code status}, {@code doctor}, logs): letters of any script, digits and a
     * little punctuation, nothing that could break a status line or a terminal.
     */
    private static final String LABEL = "[\\p{L}\\p{N} ._,/()#-]{1,64}";

    private static final String LABEL_EXPECTED = "a short label (1..64 letters, digits, spaces or . _ , / ( ) # -)";

    static final ProfileKey.Text BOARD = ProfileKey.Text.required(
            "board",
            "the board's compatible from fieldnode profile list (raspberrypi,4b), whose header the buses are checked"
                    + " against; simulated for simulators only; a name without a comma (my-station) skips the board"
                    + " checks");
    static final ProfileKey.Nested NODE =
            new ProfileKey.Nested("node", "mapping, see node", false, "this device's labels, usually in its overlay");
    static final ProfileKey.Nested BUSES = new ProfileKey.Nested(
            "buses", "mapping of bus names to buses.<name>", true, "the buses the sensors hang on, by their names");
    static final ProfileKey.Nested SENSORS = new ProfileKey.Nested(
            "sensors", "list of sensors[]", true, "the sensors, devicetree style: one entry per part");
    static final ProfileKey.Nested REPORT = new ProfileKey.Nested(
            "report", "mapping, see report", false, "where and how readings go; every key has a default");
    static final ProfileKey.Nested QUEUE = new ProfileKey.Nested(
            "queue", "mapping, see queue", false, "how the durable queue uses the SD card; every key has a default");

    static final ProfileSection TOP = new ProfileSection(
            "",
            "A kit: the board, its buses, its sensors, and optionally how it reports and queues.",
            List.of(BOARD, NODE, BUSES, SENSORS, REPORT, QUEUE));

    static final ProfileKey.Text NAME = ProfileKey.Text.matching(
            "name",
            LABEL,
            LABEL_EXPECTED,
            "a short name for people, e.g. weather-07 (readings carry the node id only)");
    static final ProfileKey.Text LOCATION = ProfileKey.Text.matching(
            "location", LABEL, LABEL_EXPECTED, "where the device stands, e.g. north field, mast 2");

    static final ProfileKey.Flag SHARE_LOCATION = new ProfileKey.Flag(
            "share-location",
            false,
            "true: the health report carries location to the collector (health/place, shown on its page), at start and"
                    + " when it changes; false: it stays on the node");

    static final ProfileSection NODE_SECTION = new ProfileSection(
            "node",
            "Site labels of one device. They stay on the node (status, doctor, logs); readings name the opaque node"
                    + " id only (SECURITY R1, R22). Only share-location: true sends the location, in the health"
                    + " report.",
            List.of(NAME, LOCATION, SHARE_LOCATION));

    static final ProfileKey.Text EXTENDS = ProfileKey.Text.required(
            "extends",
            "the kit this overlay changes: a built-in kit, or a kit file in the overlay's own directory (or below it)");

    static final ProfileSection OVERLAY = new ProfileSection(
            "extends",
            "A per-device overlay: extends: names a kit; its other top-level keys change the kit's. Mappings merge key"
                    + " by key, anything else replaces; under sensors: it maps the kit's sensor ids to what changes"
                    + " (env0: { interval: 30s }), and cannot rename a sensor.",
            List.of(EXTENDS));

    private ProfileSchema() {}

    /** Every section, in the order the reference lists them. */
    public static List<ProfileSection> sections() {
        return List.of(
                TOP,
                NODE_SECTION,
                BusSection.SCHEMA,
                SensorSection.SCHEMA,
                ReportSection.SCHEMA,
                ReportSection.LINK_SCHEMA,
                QueueSection.SCHEMA,
                OVERLAY);
    }

    /** The {@code node:} labels; none when the section is absent or not a mapping (reported). */
    static NodeLabels nodeLabels(YamlReader reader, YamlMap top) {
        YamlMap n = NODE_SECTION.open(reader, top.node(NODE.name()));
        if (n == null) {
            return NodeLabels.none();
        }
        return new NodeLabels(
                java.util.Optional.ofNullable(NAME.read(n)),
                java.util.Optional.ofNullable(LOCATION.read(n)),
                SHARE_LOCATION.read(n));
    }
}
