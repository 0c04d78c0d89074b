// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldnode.security.identity.NodeId;

/**
 * The file that keeps the node's {@link NodeId} ({@code node-id} in the data directory): one line, mode 0600 from its
 * creation on, written under a temporary name, forced to the device, renamed, and the directory forced, so a power
 * cut leaves either no id or the whole one and never brings back an older one (SECURITY R1, R39).
 */
public final class NodeIdFile {
    /** The file's name in the data directory. */
    public static final String NAME = "node-id";

    private NodeIdFile() {}

    /** Reads the id kept in {@code file}, or creates a new random one there. */
    public static NodeId loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            try {
                return new NodeId(text);
            } catch (IllegalArgumentException e) {
                throw new IOException(file
                        + " does not hold a node id; remove it to make a new one (this changes the node's identity)");
            }
        }
        NodeId id = NodeId.random();
        SecureFiles.writeAtomically(file, (id.value() + "\n").getBytes(StandardCharsets.US_ASCII));
        return id;
    }
}
