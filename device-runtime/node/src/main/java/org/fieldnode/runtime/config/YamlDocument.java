// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A YAML text composed into snakeyaml-engine nodes, not into Java objects: every node keeps its mark (the source it
 * came from, its line and column), so that a problem found while reading it, or after an overlay merged two
 * documents, points at the very value. Profiles and board files are both read this way ({@link YamlReader}).
 */
final class YamlDocument {
    /**
     * Aliases a document may use. A few anchors reused by hand fit; a "billion laughs" expansion does not (SECURITY
     * R35, the profile fuzz test).
     */
    private static final int MAX_ALIASES = 10;

    private YamlDocument() {}

    /**
     * The root node of {@code yaml}.
     *
     * @param source names the text in marks and messages: a file path or a built-in name
     * @param what names the kind of file when it is empty, e.g. {@code "profile"}
     * @throws ProfileException with one located problem when the text is not YAML or is empty
     */
    static Node compose(String source, String yaml, String what) throws ProfileException {
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(source)
                    .setMaxAliasesForCollections(MAX_ALIASES)
                    .build();
            return new Compose(settings)
                    .composeString(yaml)
                    .orElseThrow(() -> ProfileException.of(source, what + " is empty"));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
            throw new ProfileException(List.of(new ProfileProblem(
                    source,
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    "",
                    "not valid YAML: " + problem)));
        } catch (YamlEngineException e) {
            throw ProfileException.of(source, "not valid YAML: " + e.getMessage());
        }
    }
}
