// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.testing;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Driver jars for {@code drivers.d/} tests. */
public final class DriverJarFiles {
    private DriverJarFiles() {}

    /**
     * Writes a jar that lists {@link PeopleCounterFactory} as a driver service (the class itself comes from the test
     * class path, the parent of the jar's class loader), mode 0644.
     */
    public static Path peopleCounter(Path file) throws Exception {
        return listing(file, PeopleCounterFactory.class);
    }

    /** Writes a jar, mode 0644, whose service file lists {@code factory} as a driver. */
    public static Path listing(Path file, Class<?> factory) throws Exception {
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory"));
            jar.write((factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }
}
