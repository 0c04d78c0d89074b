// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void help_listsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: fieldnode").contains("run").contains("version");
    }

    @Test
    void aNamedSubcommand_isTheOnlyOneBuilt_andBehavesAsInTheWholeTree() {
        CommandLine only = Main.commandLine("version");
        only.setOut(new PrintWriter(out, true));

        assertThat(only.getSubcommands().keySet()).containsExactly("version");
        assertThat(only.execute("version")).isZero();
        assertThat(out.toString()).startsWith("fieldnode ");
        assertThat(Main.commandLine("profile").execute("profile", "check", "no-such-profile"))
                .as("a usage error keeps exit code 2 in the single-command tree")
                .isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void anUnknownName_getsTheWholeTree_soThatPicocliCanSuggest() {
        assertThat(Main.commandLine("--help").getSubcommands().keySet())
                .containsAll(Main.commandLine().getSubcommands().keySet());
        assertThat(Main.commandLine("rnu").getSubcommands()).containsKey("run");
    }

    @Test
    void everySubcommand_hasHelp() {
        for (String sub : Main.commandLine().getSubcommands().keySet()) {
            out.getBuffer().setLength(0);
            assertThat(run(sub, "--help")).as(sub).isZero();
            assertThat(out.toString()).as(sub).contains("Usage: fieldnode " + sub);
        }
    }

    /** {@code fieldnode help [COMMAND...]} prints what {@code [COMMAND...] --help} prints. */
    @Test
    void help_isTheHelpOptionAsACommand() {
        for (String[] command : new String[][] {{}, {"run"}, {"profile"}, {"profile", "check"}}) {
            out.getBuffer().setLength(0);
            String[] withOption = java.util.Arrays.copyOf(command, command.length + 1);
            withOption[command.length] = "--help";
            assertThat(run(withOption)).isZero();
            String expected = out.toString();
            out.getBuffer().setLength(0);
            String[] asCommand = new String[command.length + 1];
            asCommand[0] = "help";
            System.arraycopy(command, 0, asCommand, 1, command.length);

            assertThat(run(asCommand)).as(String.join(" ", asCommand)).isZero();
            assertThat(out.toString()).as(String.join(" ", asCommand)).isEqualTo(expected);
        }
        assertThat(run("help", "profile", "chekc")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString())
                .startsWith("fieldnode help: 'fieldnode profile' has no command 'chekc'; its commands: check, list,"
                        + " show\n");
    }

    /** Every error line starts with the whole command, also for a subcommand and for picocli's own messages. */
    @Test
    void errors_nameTheWholeCommand() {
        assertThat(run("profile", "show", "no-such-kit")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).startsWith("fieldnode profile show: no built-in profile 'no-such-kit'");

        err.getBuffer().setLength(0);
        assertThat(run("profile", "check")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString())
                .isEqualTo("fieldnode profile check: Missing required parameter: 'PROFILE'\n"
                        + "Try 'fieldnode profile check --help'.\n");

        err.getBuffer().setLength(0);
        assertThat(run("rnu")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).startsWith("fieldnode: Unmatched argument at index 0: 'rnu'\n");
    }

    @Test
    void version_printsKeyValues() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).matches("fieldnode version=\\S+ java=\\S+ os=\\S+/\\S+\\R");
    }

    @Test
    void unknownOption_isAUsageError() {
        assertThat(run("run", "--profile", "x", "--no-such-option")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void run_withBadProfile_printsLocatedProblemsAndExits2(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("kit.yaml");
        Files.writeString(profile, """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - id: env0
                    compatible: bosch,bme208
                    bus: i2c1
                    reg: 0x76
                """);

        assertThat(run("run", "--profile", profile.toString(), "--data-dir", dir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString())
                .contains(profile
                        + ":5:17: sensors[0].compatible: no driver for 'bosch,bme208', did you mean bosch,bme280?")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    /** Issue 15 item 2: run checks what profile check checks, before it opens anything. */
    @Test
    void run_withASensorAtAnAddressItsPartNeverAnswersAt_exits2BeforeStarting(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("kit.yaml");
        Files.writeString(profile, """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x48 }
                """);

        assertThat(run(
                        "run",
                        "--profile",
                        profile.toString(),
                        "--collector",
                        "coaps://127.0.0.1:5684/r",
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString())
                .contains(profile + ":4:61: sensors[0].reg: bosch,bme280 answers at 0x76 or 0x77, got 0x48")
                .doesNotContain("Exception");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** Issue 15 item 2: a run that sampled nothing is not a good run, and says why in one line. */
    @Test
    void run_forADuration_thatSampledNothing_exits1WithWhy(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("kit.yaml"), """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, status: disabled }
                """);
        Path psk = dir.resolve("psk");
        Files.createFile(
                psk,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(psk, "identity=fieldnode-idle\nkey=000102030405060708090a0b0c0d0e0f\n");

        try (java.net.DatagramSocket silent =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            int code = run(
                    "run",
                    "--profile",
                    profile.toString(),
                    "--collector",
                    "coaps://127.0.0.1:" + silent.getLocalPort() + "/r",
                    "--psk-file",
                    psk.toString(),
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--duration",
                    "1s",
                    "--drain-timeout",
                    "1s");

            assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        }
        assertThat(out.toString()).containsPattern("run: node=\\S+ sampled=0 ");
        assertThat(err.toString())
                .isEqualTo("fieldnode run: sampled nothing in 1s: the profile enables no sensor (each one has status:"
                        + " disabled)\n");
    }

    private static Path validProfile(Path dir) throws Exception {
        Path profile = dir.resolve("kit.yaml");
        Files.writeString(profile, """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                """);
        return profile;
    }

    @Test
    void run_withoutCollector_saysWhatToGive(@TempDir Path dir) throws Exception {
        assertThat(run("run", "--profile", validProfile(dir).toString(), "--data-dir", dir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("no collector: give --collector coaps://HOST:PORT/r");
    }

    @Test
    void run_withPlainCoap_isRefused(@TempDir Path dir) throws Exception {
        assertThat(run(
                        "run",
                        "--profile",
                        validProfile(dir).toString(),
                        "--collector",
                        "coap://127.0.0.1/r",
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("readings travel only over DTLS");
    }
}
