// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.protocol.senml.ReceivedRecord;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire contract for clients that are not fieldnode nodes ({@code examples/collector/WIRE-CONTRACT.md}), held
 * against a real {@code collector serve} process and libcoap's {@code coap-client-openssl} (Debian's libcoap3-bin):
 * the document's shell blocks are run as written, with only its {@code COLLECTOR} address pointed at the test's
 * port; the example packs of RFC 8428 §5 go in as JSON through coap-client and as CBOR made by Python's cbor2
 * (Debian's python3-cbor2), and come back from {@code collector export --format json} as the same resolved records.
 * The examples' names are moved under each client's base name ({@code urn:dev:ops:<identity>:}), since the
 * collector stores a client's readings under its DTLS identity only (SECURITY R16).
 */
class CollectorWireContractIT {
    private static final Pattern LISTENING =
            Pattern.compile("collector: coaps=127\\.0\\.0\\.1:(\\d+) .* readings=(\\d+) .* ca=(sha256:[0-9a-f]{64})");
    private static final Path DOCUMENT = Path.of("WIRE-CONTRACT.md");
    private static final String CBOR_ID = "cbor-client-2";
    private static final String CBOR_KEY = "Hs4pQw8nLx2cVr7k";
    private static final List<String> RFC_EXAMPLES = List.of(
            "single-datapoint", "multiple-datapoints", "multiple-measurements", "resolved-data", "multiple-data-types");

    @TempDir
    Path dir;

    private ServeProcess serve;
    private String id;
    private String key;
    private String variables;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(
                onPath("coap-client-openssl"),
                "coap-client-openssl is not installed (Debian: apt-get install libcoap3-bin); wire contract IT skipped");
        variables = block(Files.readString(DOCUMENT), "COLLECTOR=");
        id = variable(variables, "ID");
        key = variable(variables, "KEY");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path psk = data.resolve("psk-directory");
        Files.writeString(psk, id + "=" + hex(key) + "\n" + CBOR_ID + "=" + hex(CBOR_KEY) + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
        serve = ServeProcess.start(data, LISTENING);
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.process().destroy();
            serve.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDocumentsCommandLines_workAsWritten_andEveryValueTypeComesBack() throws Exception {
        String document = Files.readString(DOCUMENT);
        Instant before = Instant.now().minusSeconds(1);
        int blocks = 0;
        for (String block : blocks(document)) {
            if (block.contains("coap-client-openssl")) {
                Run run = shell(block);
                assertThat(run.exit()).as(block + "\n" + run.output()).isZero();
                assertThat(run.output()).as(block).doesNotContain("4.0").doesNotContain("5.0");
                blocks++;
            }
        }
        assertThat(blocks).isEqualTo(3);

        List<ReceivedRecord> exported = export(id);

        assertThat(exported)
                .extracting(r -> r.name().substring(("urn:dev:ops:" + id + ":").length()), ReceivedRecord::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("tank/float", new SenmlValue.Flag(true)),
                        org.assertj.core.groups.Tuple.tuple("pump/state", new SenmlValue.Text("running")),
                        org.assertj.core.groups.Tuple.tuple("rain/total", null),
                        org.assertj.core.groups.Tuple.tuple("tank/level", new SenmlValue.Numeric(1.42)),
                        org.assertj.core.groups.Tuple.tuple("tank/float", new SenmlValue.Flag(false)),
                        org.assertj.core.groups.Tuple.tuple("pump/state", new SenmlValue.Text("stopped")));
        ReceivedRecord rain = exported.stream()
                .filter(r -> r.name().endsWith("rain/total"))
                .findFirst()
                .orElseThrow();
        assertThat(rain.sum()).isEqualTo(0.0124);
        assertThat(rain.unit()).isEqualTo("m");
        // The exported tq mark is a label SenML readers skip, so it reads back as a clock time; the times are
        // the receipt time plus the offset (at most 60 s back), so after the test started less 60 s.
        assertThat(exported).allSatisfy(r -> assertThat(r.time()).isAfter(before.minusSeconds(60)));
        String json = new String(exportBytes(id), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"tq\":\"relative\"")
                .contains("\"tq\":\"receipt\"")
                .contains("\"seq\":1000");
    }

    @Test
    void rfc8428Examples_postedAsJsonAndAsCbor_areStored_andExportBackAsTheSameResolvedRecords() throws Exception {
        String client = "coap-client-openssl";
        Path script = resource("to-cbor.py");
        Instant before = Instant.now().minusSeconds(1);
        List<ReceivedRecord> expectedJson = new ArrayList<>();
        List<ReceivedRecord> expectedCbor = new ArrayList<>();
        for (String example : RFC_EXAMPLES) {
            String pack = Files.readString(resource(example + ".json"));
            Path json = Files.writeString(dir.resolve(example + ".json"), underBaseName(pack, id));
            Path forCbor = Files.writeString(dir.resolve(example + "-cbor.json"), underBaseName(pack, CBOR_ID));
            Path cbor = dir.resolve(example + ".cbor");
            Run encode = shell("/usr/bin/python3 " + script + " " + forCbor + " " + cbor);
            Assumptions.assumeTrue(
                    encode.exit() == 0, "python3-cbor2 is not installed (apt-get install python3-cbor2); skipped");

            Instant received = Instant.now();
            Run postJson = shell(client + " -m post -t 110 -u " + id + " -k " + key + " -B 10 -f " + json + " coaps://"
                    + address() + "/r");
            Run postCbor = shell(client + " -m post -t 112 -u " + CBOR_ID + " -k " + CBOR_KEY + " -B 10 -f " + cbor
                    + " coaps://" + address() + "/r");
            assertThat(postJson.exit())
                    .as(example + " JSON: " + postJson.output())
                    .isZero();
            assertThat(postJson.output()).as(example + " JSON").doesNotContain("4.0");
            assertThat(postCbor.exit())
                    .as(example + " CBOR: " + postCbor.output())
                    .isZero();
            assertThat(postCbor.output()).as(example + " CBOR").doesNotContain("4.0");
            expectedJson.addAll(SenmlCodec.decodeReceived(Files.readAllBytes(json), SenmlFormat.JSON, received));
            expectedCbor.addAll(SenmlCodec.decodeReceived(Files.readAllBytes(forCbor), SenmlFormat.JSON, received));
        }

        for (var client2 : List.of(List.of(id, expectedJson), List.of(CBOR_ID, expectedCbor))) {
            String device = (String) client2.get(0);
            @SuppressWarnings("unchecked")
            List<ReceivedRecord> expected = (List<ReceivedRecord>) client2.get(1);
            List<ReceivedRecord> exported = export(device);
            assertThat(exported).as(device).hasSameSizeAs(expected).hasSize(1 + 2 + 7 + 13 + 4);
            // Values, units, names and clock times come back exactly; receipt times are the collector's own.
            assertThat(exported)
                    .as(device)
                    .extracting(ReceivedRecord::name, ReceivedRecord::unit, ReceivedRecord::value, ReceivedRecord::sum)
                    .containsExactlyInAnyOrderElementsOf(expected.stream()
                            .map(r -> org.assertj.core.groups.Tuple.tuple(r.name(), r.unit(), r.value(), r.sum()))
                            .toList());
            assertThat(exported.stream()
                            .filter(r -> r.time().isBefore(before))
                            .map(r -> r.name() + "@" + r.unit() + "@" + r.time())
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(expected.stream()
                            .filter(r -> r.timeQuality() == SenmlTimeQuality.SYNCED)
                            .map(r -> r.name() + "@" + r.unit() + "@" + r.time())
                            .toList());
        }
        // An independent check of the resolution (RFC 8428 §4.6, the "Multiple Measurements" example): bt
        // 1276020076.001 with t = -5 for the first current.
        assertThat(export(CBOR_ID))
                .filteredOn(r -> r.name().endsWith(":ow6:current") && new SenmlValue.Numeric(1.2).equals(r.value()))
                .extracting(ReceivedRecord::time, ReceivedRecord::unit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Instant.parse("2010-06-08T18:01:11.001Z"), "A"));
        assertThat(export(CBOR_ID))
                .extracting(ReceivedRecord::value)
                .contains(
                        new SenmlValue.Text("Machine Room"),
                        new SenmlValue.Flag(false),
                        new SenmlValue.Data("hi \n".getBytes(StandardCharsets.US_ASCII)));
    }

    /** The RFC's example names under the client's base name: {@code urn:dev:ow:<id>} becomes a series of it. */
    private static String underBaseName(String pack, String device) {
        return pack.replace("urn:dev:ow:10e2073a01080063", "urn:dev:ops:" + device + ":ow")
                .replace("urn:dev:ow:10e2073a0108006", "urn:dev:ops:" + device + ":ow6");
    }

    private String address() {
        return "127.0.0.1:" + serve.listening().group(1);
    }

    private List<ReceivedRecord> export(String device) throws Exception {
        return SenmlCodec.decodeReceived(exportBytes(device), SenmlFormat.JSON, Instant.now());
    }

    private byte[] exportBytes(String device) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("export-" + device + ".json");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        classPath,
                        "org.fieldnode.collector.cli.CollectorMain",
                        "collector",
                        "export",
                        "--format",
                        "json",
                        "--device",
                        device,
                        "--data-dir",
                        dir.resolve("data").toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.readAllBytes(out);
    }

    record Run(int exit, String output) {}

    /** Runs {@code commands} in bash in the test's directory, after the document's variables and this COLLECTOR. */
    private Run shell(String commands) throws IOException, InterruptedException {
        String script = "set -e\n" + variables + "\nCOLLECTOR=" + address() + "\n" + commands + "\n";
        Path out = dir.resolve("shell.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        // The document's python3 is Debian's (python3-cbor2), whatever else is first on this machine's PATH.
        builder.environment().put("PATH", "/usr/bin:/bin:" + System.getenv().getOrDefault("PATH", ""));
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    /** The fenced {@code sh} blocks of a Markdown text. */
    private static List<String> blocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String block(String markdown, String startingWith) {
        return blocks(markdown).stream()
                .filter(b -> b.startsWith(startingWith))
                .findFirst()
                .orElseThrow(() -> new AssertionError("WIRE-CONTRACT.md has no block starting " + startingWith));
    }

    private static String variable(String block, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(block);
        assertThat(m.find()).as(name + " in " + block).isTrue();
        return m.group(1);
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/rfc8428/" + name)) {
            assertThat(in).as(name).isNotNull();
            return Files.write(dir.resolve("rfc8428-" + name), in.readAllBytes());
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean onPath(String name) {
        Optional<String> found = Optional.empty();
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                found = Optional.of(d);
            }
        }
        return found.isPresent();
    }
}
