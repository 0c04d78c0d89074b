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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, dropped next to the node's class path, is found by {@code fieldnode drivers}: the CLI runs in a
 * class loader whose path is the test's class path without this module's classes, plus (or not) the jar that
 * {@code mvn package} built. Runs after {@code package}, as a failsafe integration test.
 */
class ExternalDriverJarIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @Test
    void drivers_listsTmp117_onlyWhenItsJarIsOnTheClassPath() throws Exception {
        String without = runDrivers(nodeClassPath());
        List<URL> withJar = nodeClassPath();
        withJar.add(driverJar().toUri().toURL());
        String with = runDrivers(withJar);

        assertThat(without).doesNotContain("ti,tmp117").contains("compatible=bosch,bme280");
        assertThat(with)
                .contains("compatible=ti,tmp117 bus=i2c addresses=0x48-0x4b quantities=temperature:Cel"
                        + " factory=org.fieldnode.example.tmp117.Tmp117Factory\n");
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

    /** {@code fieldnode drivers --format kv} in a fresh class loader over {@code classPath}. */
    private static String runDrivers(List<URL> classPath) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader =
                new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
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
        }
    }
}
