// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** fieldnode's version, as the build wrote it into {@code version.properties}. */
public final class SoftwareVersion {
    private SoftwareVersion() {}

    /** The build's version, e.g. {@code 0.1.0}; {@code unknown} when the file is missing. */
    public static String version() {
        try (InputStream in = SoftwareVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
