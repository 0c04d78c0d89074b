// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR} of the commands that work on a collector's data directory (a picocli mixin). */
final class DataDirectoryOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = Arguments.DEFAULT_DATA_DIR,
            description = "The collector's data directory (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    /** The directory given, or the default. */
    Path path() {
        return dataDir;
    }
}
