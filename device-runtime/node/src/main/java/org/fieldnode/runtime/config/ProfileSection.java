// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Objects;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The declared keys of one section of a profile, in the order the reference lists them and unknown-key messages name
 * them.
 *
 * @param path where the section sits, as problems name it: {@code report.link}, {@code sensors[]}, {@code ""} for the
 *     top level
 * @param documentation what the section describes, for the reference
 * @param keys every key it takes
 */
public record ProfileSection(String path, String documentation, List<ProfileKey<?>> keys) {
    public ProfileSection {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(documentation, "documentation");
        keys = List.copyOf(keys);
    }

    /** The key names, in declaration order. */
    public List<String> names() {
        return keys.stream().map(ProfileKey::name).toList();
    }

    /**
     * The section's mapping at {@code node}, its undeclared keys reported (with the nearest declared one as a
     * suggestion); null when the section is absent, or not a mapping (reported).
     */
    YamlMap open(YamlReader reader, Node node) {
        YamlMap map = reader.mapping(node, path);
        if (map != null) {
            map.only(names());
        }
        return map;
    }
}
