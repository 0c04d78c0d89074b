// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.util.concurrent.Callable;
import org.fieldnode.runtime.app.SoftwareVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fieldnode version}: one key=value line with the versions that matter in a bug report. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print fieldnode's version, the Java runtime and the platform as one key=value line.")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .printf(
                        "fieldnode version=%s java=%s os=%s/%s%n",
                        version(),
                        Runtime.version(),
                        System.getProperty("os.name").toLowerCase(),
                        System.getProperty("os.arch"));
        return 0;
    }

    /** The build's version, e.g. {@code 0.1.0}. */
    public static String version() {
        return SoftwareVersion.version();
    }
}
