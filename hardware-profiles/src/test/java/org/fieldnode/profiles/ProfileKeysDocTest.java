// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldnode.runtime.config.ProfileKey;
import org.fieldnode.runtime.config.ProfileKeyReference;
import org.fieldnode.runtime.config.ProfileSchema;
import org.fieldnode.runtime.config.ProfileSection;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.junit.jupiter.api.Test;

/**
 * Every key the profile schema declares is documented for integrators (issue 15 item 9: {@code
 * report.health-interval} was not): {@code PROFILE-KEYS.md} is the reference written from the schema, and stays
 * equal to it. After changing a key, rewrite the file with {@code -Dprofile-keys.write=true}.
 */
class ProfileKeysDocTest {
    private static final Path REFERENCE = Path.of("PROFILE-KEYS.md");
    private static final Path GUIDE = Path.of("INTEGRATORS.md");

    @Test
    void theReference_isWhatTheSchemaDeclares() throws Exception {
        String expected = ProfileKeyReference.markdown();
        if (Boolean.getBoolean("profile-keys.write")) {
            Files.writeString(REFERENCE, expected, StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("PROFILE-KEYS.md is stale: rewrite it with -Dprofile-keys.write=true (see its header)")
                .isEqualTo(expected);
    }

    @Test
    void everyDeclaredKey_andEveryPipelineStage_hasARow() throws Exception {
        String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);

        for (ProfileSection section : ProfileSchema.sections()) {
            String heading = section.path().isEmpty() ? "## top level" : "## `" + section.path() + "`";
            String table = reference.substring(reference.indexOf(heading));
            for (ProfileKey<?> key : section.keys()) {
                assertThat(table)
                        .as("%s in section %s", key.name(), heading)
                        .contains("| `" + key.name() + "` | " + ProfileKeyReference.cell(key.type()) + " | "
                                + ProfileKeyReference.cell(key.defaultText()) + " | ");
                assertThat(key.documentation()).as(key.name()).isNotBlank();
            }
        }
        PipelineSpec.stageKeys().keySet().forEach(stage -> assertThat(reference).contains("| `" + stage + "` | "));
        assertThat(reference).contains("| `health-interval` | duration, 10s..1d | 15m | ");
    }

    @Test
    void theIntegratorsGuide_pointsAtTheReference() throws Exception {
        assertThat(Files.readString(GUIDE, StandardCharsets.UTF_8)).contains("(PROFILE-KEYS.md)");
    }
}
