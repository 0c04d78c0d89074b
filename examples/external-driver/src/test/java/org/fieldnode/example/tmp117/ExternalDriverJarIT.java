// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, dropped into a {@code drivers.d/} directory, is found by {@code fieldnode drivers}: the CLI runs in
 * a class loader whose path is the test's class path without this module's classes (what a node runs with), and the
 * launcher's system properties name the directory. A copy that others may write is refused instead. Runs after
 * {@code package}, as a failsafe integration test.
 */
class ExternalDriverJarIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void drivers_listsTmp117_onlyWhenItsJarIsInDriversD_andTrusted() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path driversD = Files.createDirectories(dir.resolve("drivers.d"));
        Path jar = Files.copy(driverJar(), driversD.resolve("tmp117.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Path open = Files.createDirectories(dir.resolve("open"));
        Path openJar = Files.copy(driverJar(), open.resolve("tmp117.jar"));
        Files.setPosixFilePermissions(openJar, PosixFilePermissions.fromString("rw-rw-rw-"));

        String without = runDrivers(empty);
        String with = runDrivers(driversD);
        String refused = runDrivers(open);

        assertThat(without).doesNotContain("ti,tmp117").contains("compatible=bosch,bme280");
        assertThat(with)
                .contains("compatible=ti,tmp117 bus=i2c addresses=0x48-0x4b quantities=temperature:Cel"
                        + " factory=org.fieldnode.example.tmp117.Tmp117Factory personal=-\n")
                .contains("jar=" + jar + " state=loaded sha256=");
        assertThat(refused)
                .doesNotContain("compatible=ti,tmp117")
                .contains("jar=" + openJar + " state=refused")
                .contains("writable by group or others (mode 666)");
    }

    /** The test's class path without this module's own classes or jar: what a node runs with. */
    private static List<URL> nodeClassPath() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (!p.startsWith(TARGET)) {
                urls.add(p.toUri().toURL());
            }
        }
        return urls;
    }

    private static Path driverJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, "fieldnode-example-driver-*.jar")) {
            for (Path jar : jars) {
                if (!jar.getFileName().toString().contains("-tests")) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("no fieldnode-example-driver jar in " + TARGET + "; run mvn package first");
    }

    /** {@code fieldnode drivers --format kv} in a fresh class loader over the node's class path, with {@code driversD}. */
    private static String runDrivers(Path driversD) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        System.setProperty("fieldnode.drivers", driversD.toString());
        System.setProperty("fieldnode.drivers.owners", "root-or-self");
        try (URLClassLoader loader =
                new URLClassLoader(nodeClassPath().toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> main = loader.loadClass("org.fieldnode.runtime.cli.Main");
            Object cli = main.getMethod("commandLine").invoke(null);
            StringWriter out = new StringWriter();
            Method setOut = cli.getClass().getMethod("setOut", PrintWriter.class);
            setOut.invoke(cli, new PrintWriter(out, true));
            StringWriter err = new StringWriter();
            cli.getClass().getMethod("setErr", PrintWriter.class).invoke(cli, new PrintWriter(err, true));
            int code = (int) cli.getClass().getMethod("execute", String[].class).invoke(cli, (Object)
                    new String[] {"drivers", "--format", "kv"});
            assertThat(code).as(err.toString()).isZero();
            return out.toString();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            System.clearProperty("fieldnode.drivers");
            System.clearProperty("fieldnode.drivers.owners");
        }
    }
}
