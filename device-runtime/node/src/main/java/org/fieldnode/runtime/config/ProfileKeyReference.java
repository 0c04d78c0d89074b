// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Map;
import org.fieldnode.runtime.pipeline.PipelineSpec;

/**
 * Writes the profile key reference ({@code hardware-profiles/PROFILE-KEYS.md}) from the declared schema: one table
 * per section, one row per key with its type, bounds, default and documentation, then the pipeline stages. The
 * hardware-profiles tests keep the file equal to this text, so a key cannot be added, renamed or rebounded without
 * its documentation following.
 */
public final class ProfileKeyReference {
    /** What each stage does; its keys come from {@link PipelineSpec#stages()}, their rules from its Javadoc. */
    private static final Map<String, String> STAGES = Map.of(
            "median",
            "the median of the last window readings (1..100): drops single spikes; like the other numeric stages"
                    + " (moving-average, calibrate, resolution) it passes states (contact) through unchanged",
            "moving-average",
            "the mean of the last window readings (1..100): smooths noise",
            "deadband",
            "forwards a reading when it moved at least step (>= 0, in the quantity's unit) since the last one"
                    + " forwarded, or when max-silence (1s..7d) passed; a state (contact) on every change, whatever the"
                    + " step",
            "calibrate",
            "value x gain + offset (gain default 1, not 0; offset default 0)",
            "resolution",
            "rounds to a multiple of step (> 0): what the chip can tell apart, fewer bytes");

    private ProfileKeyReference() {}

    /** The whole reference, Markdown. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# fieldnode: profile keys\n\n")
                .append("Every key a hardware profile takes, with its type, bounds and default. This file is written")
                .append(" from the\nloader's declared schema (`ProfileSchema` and its sections in")
                .append(" `device-runtime/node`, package `config`);\n")
                .append("`ProfileKeysDocTest` fails when the two differ. After changing a key, rewrite it with\n")
                .append("`./mvnw -o -q -pl hardware-profiles -am test -Dtest=ProfileKeysDocTest")
                .append(" -Dsurefire.failIfNoSpecifiedTests=false -Dprofile-keys.write=true`.\n\n")
                .append("Durations are written `500ms`, `20s`, `5m`, `1h`, `1d`; sizes `65536`, `512KiB`, `64MiB`,")
                .append(" `1GiB`; whole\nnumbers in decimal or `0x` hexadecimal (a leading `0` is refused, never")
                .append(" read as octal). `fieldnode profile check FILE`\nchecks a profile against all of this and")
                .append(" prints each problem as `FILE:LINE:COLUMN: key.path: what was expected`.\n");
        for (ProfileSection section : ProfileSchema.sections()) {
            md.append("\n## ")
                    .append(section.path().isEmpty() ? "top level" : "`" + section.path() + "`")
                    .append("\n\n")
                    .append(section.documentation())
                    .append("\n\n| key | type | default | what it sets |\n|---|---|---|---|\n");
            for (ProfileKey<?> key : section.keys()) {
                md.append("| `")
                        .append(key.name())
                        .append("` | ")
                        .append(cell(key.type()))
                        .append(" | ")
                        .append(cell(key.defaultText()))
                        .append(" | ")
                        .append(cell(key.documentation()))
                        .append(" |\n");
            }
        }
        md.append("\n## `sensors[].pipeline[]` stages\n\n")
                .append("Each entry names its `stage:` and takes the keys listed; `quantity` (a quantity of the")
                .append(" sensor, e.g.\n`temperature`) restricts a stage to that quantity.\n\n")
                .append("| stage | keys | what it does |\n|---|---|---|\n");
        for (Map.Entry<String, List<String>> stage : PipelineSpec.stageKeys().entrySet()) {
            md.append("| `")
                    .append(stage.getKey())
                    .append("` | ")
                    .append(String.join(
                            ", ",
                            stage.getValue().stream().map(k -> "`" + k + "`").toList()))
                    .append(" | ")
                    .append(cell(STAGES.getOrDefault(stage.getKey(), "")))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** Text fit for a table cell: a {@code |} would end it, and {@code <name>} would be taken for an HTML tag. */
    public static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "\\<");
    }
}
