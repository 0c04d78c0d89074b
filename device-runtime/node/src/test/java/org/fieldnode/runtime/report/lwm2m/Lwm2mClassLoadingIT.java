// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldnode.runtime.report.ReporterProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on the CoAP reporter never loads Leshan, its codecs (CBOR, Jackson) or the LwM2M package: footprint, and
 * the point of keeping the LwM2M transport behind one wiring class (TransportBoundaryTest). Checked in a child JVM
 * that runs a whole node and logs every class it loads ({@code -Xlog:class+load}); the same node on the LwM2M client
 * is the positive control.
 */
class Lwm2mClassLoadingIT {
    private static final List<String> LWM2M_ONLY = List.of(
            "org.eclipse.leshan.", "org.fieldnode.runtime.report.lwm2m.", "com.upokecenter.", "com.fasterxml.jackson.");

    @TempDir
    Path dir;

    @Test
    void coapReporter_loadsNoLeshanClass() throws Exception {
        List<String> loaded = loadedClasses("coap");

        assertThat(loaded).anyMatch(c -> c.equals("org.fieldnode.runtime.report.coap.CoapReporter"));
        assertThat(loaded).anyMatch(c -> c.startsWith("org.eclipse.californium.scandium."));
        assertThat(loaded).noneMatch(c -> LWM2M_ONLY.stream().anyMatch(c::startsWith));
    }

    @Test
    void lwm2mClient_loadsLeshan_theControl() throws Exception {
        List<String> loaded = loadedClasses("lwm2m");

        assertThat(loaded).anyMatch(c -> c.equals("org.fieldnode.runtime.report.lwm2m.Lwm2mReporter"));
        assertThat(loaded).anyMatch(c -> c.startsWith("org.eclipse.leshan.client."));
        assertThat(loaded).noneMatch(c -> c.equals("org.fieldnode.runtime.report.coap.CoapReporter"));
    }

    /** The classes a child JVM running {@link ReporterProbe} for {@code protocol} loaded, by name. */
    private List<String> loadedClasses(String protocol) throws IOException, InterruptedException {
        Path log = dir.resolve(protocol + "-classes.log");
        Path data = Files.createDirectories(dir.resolve(protocol + "-data"));
        int port;
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = silent.getLocalPort(); // free now; nobody answers there during the run
        }
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load=info:file=" + log,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReporterProbe.class.getName(),
                        protocol,
                        Integer.toString(port),
                        data.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(protocol + "-out.log").toFile())
                .start();
        boolean ended = child.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as("the probe ended").isTrue();
        assertThat(child.exitValue())
                .as(Files.readString(dir.resolve(protocol + "-out.log"), StandardCharsets.UTF_8))
                .isZero();
        // "[0.123s][info][class,load] org.example.Name source: ..."
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceFirst("^.*\\[class,load\\]\\s+", ""))
                .map(line -> line.split(" ", 2)[0])
                .toList();
    }
}
