// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.fieldnode.collector.ca.CollectorCa;

/** What an operator does for each member after the first: the cluster's wrapping key, which the database never holds. */
public final class ClusterKeys {
    private ClusterKeys() {}

    /** {@code install -m 0600 FROM/ca/wrapping.key TO/ca/wrapping.key}. */
    public static void copy(Path fromDataDir, Path toDataDir) throws IOException {
        Path target = CollectorCa.wrappingKeyFile(toDataDir);
        Files.createDirectories(target.getParent());
        Files.copy(CollectorCa.wrappingKeyFile(fromDataDir), target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    }
}
