// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one sysfs attribute file. The seam where tests inject kernel errors that a fake tree cannot produce. */
@FunctionalInterface
public interface SysfsReader {
    String read(Path attribute) throws IOException;

    /** Reads the whole file as ASCII text, as sysfs attributes are. */
    static SysfsReader files() {
        return attribute -> new String(Files.readAllBytes(attribute), StandardCharsets.US_ASCII);
    }
}
