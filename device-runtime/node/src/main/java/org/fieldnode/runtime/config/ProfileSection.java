// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Objects;

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
}
