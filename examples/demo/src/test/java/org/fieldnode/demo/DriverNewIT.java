// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldnode.runtime.sampling.DriverJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maker's path end to end: {@code fieldnode driver new} writes a project in a folder outside this tree, the
 * project builds and passes its kit tests with its own {@code ./mvnw verify}, and its jar, dropped into
 * {@code drivers.d}, is listed by {@code fieldnode drivers} and runs in {@code fieldnode demo --profile} on the
 * simulator it ships (readings stored).
 *
 * <p>The projects resolve fieldnode's artifacts (parent, BOM, driver API and kit, as this build made them) from a
 * Maven repository of this test, {@code target/driver-repo}, seeded with {@code install:install-file}; everything
 * else comes read-only from the user's repository through {@code maven.repo.local.tail}, so the shared
 * {@code ~/.m2} is never written.
 */
class DriverNewIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path REPO = Path.of("target/driver-repo").toAbsolutePath();
    private static final Duration BUILD = Duration.ofMinutes(8);

    @TempDir
    static Path work;

    @BeforeAll
    static void publishTheDriverApiToATestRepository() throws Exception {
        String version = Files.readString(
                        ROOT.resolve("device-runtime/node/target/classes/driver-template/versions.properties"))
                .lines()
                .filter(l -> l.startsWith("fieldnode="))
                .findFirst()
                .orElseThrow()
                .substring("fieldnode=".length());
        Path drivers = ROOT.resolve("drivers/target/fieldnode-drivers-" + version + ".jar");
        Path kit = ROOT.resolve("drivers/target/fieldnode-drivers-" + version + "-tests.jar");
        assertThat(drivers).as("the drivers jar of this build").isRegularFile();
        assertThat(kit).as("the driver kit of this build").isRegularFile();
        install("pom.xml", "-Dpackaging=pom", "-Dfile=" + ROOT.resolve("pom.xml"));
        install("bom/pom.xml", "-Dpackaging=pom", "-Dfile=" + ROOT.resolve("bom/pom.xml"));
        install("drivers/pom.xml", "-Dfile=" + drivers);
        install("drivers/pom.xml", "-Dfile=" + kit, "-Dclassifier=tests", "-Dpackaging=jar");
    }

    private static void install(String pom, String... args) throws Exception {
        List<String> command = new ArrayList<>(mavenArgs(ROOT.resolve("mvnw")));
        command.add("org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file");
        command.add("-DpomFile=" + ROOT.resolve(pom));
        command.addAll(List.of(args));
        Run run = Run.of(command, ROOT, work.resolve("install.log"), Duration.ofMinutes(5));
        assertThat(run.code()).as("install-file %s: %s", pom, run.tail()).isZero();
    }

    private static List<String> mavenArgs(Path mvnw) {
        return List.of(
                mvnw.toString(),
                "-B",
                "-q",
                "-Dmaven.repo.local=" + REPO,
                "-Dmaven.repo.local.tail=" + Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    @Test
    void aNewI2cDriver_buildsOutsideTheTree_andRunsInTheDemoOnItsSimulator() throws Exception {
        Path project = work.resolve("makers/acme-tmp42");
        Cli made = Cli.run("driver", "new", "--compatible", "acme,tmp42", "--bus", "i2c", "--dir", project.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).startsWith("driver: compatible=acme,tmp42 bus=i2c package=org.example.acme.tmp42 dir=");
        assertThat(project).isDirectory();
        assertThat(project.toString()).doesNotStartWith(ROOT.toString());

        List<String> build = new ArrayList<>(mavenArgs(project.resolve("mvnw")));
        build.add("verify");
        Run verify = Run.of(build, project, work.resolve("acme-build.log"), BUILD);
        assertThat(verify.code())
                .as("./mvnw verify in the new project: %s", verify.tail())
                .isZero();
        assertThat(testsRun(project)).as("kit, driver and API tests run").isGreaterThanOrEqualTo(10);
        Path jar = project.resolve("target/fieldnode-driver-acme-tmp42-0.1.0-SNAPSHOT.jar");
        assertThat(jar).isRegularFile();

        Path driversDir = Files.createDirectories(work.resolve("drivers.d"));
        Files.setPosixFilePermissions(driversDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path installed = Files.copy(jar, driversDir.resolve(jar.getFileName()));
        Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rw-r--r--"));

        Run drivers = fieldnode(driversDir, "drivers", "--format", "kv");
        assertThat(drivers.code()).as(drivers.tail()).isZero();
        assertThat(drivers.output())
                .contains("compatible=acme,tmp42 bus=i2c addresses=0x48,0x49 quantities=temperature:Cel")
                .contains("state=loaded");

        Run demo = fieldnode(
                driversDir,
                "demo",
                "--profile",
                project.resolve("profiles/simulated.yaml").toString(),
                "--duration",
                "6s");
        assertThat(demo.code()).as(demo.tail()).isZero();
        assertThat(demo.output())
                .containsPattern("reading device=fieldnode-[0-9a-f]{16} name=tmp420/temperature value=-?\\d+\\.\\d+"
                        + " unit=Cel")
                .containsPattern("demo: sampled=[1-9]\\d* sent=\\d+ acknowledged=\\d+ stored=[1-9]\\d*");

        // A jar others may write is refused: its driver and its simulator stay out, and the profile is an error.
        Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rw-rw-r--"));
        Run refused = fieldnode(
                driversDir,
                "demo",
                "--profile",
                project.resolve("profiles/simulated.yaml").toString(),
                "--duration",
                "2s");
        assertThat(refused.code()).as(refused.tail()).isEqualTo(2);
        assertThat(refused.output()).contains("no driver for 'acme,tmp42'");
    }

    @Test
    void newProjectsForTheOtherBuses_buildAndPassTheirKits() throws Exception {
        List<String> modules = new ArrayList<>();
        for (String bus : List.of("spi", "uart", "modbus", "w1")) {
            Path project = work.resolve("buses/acme-" + bus);
            Cli made = Cli.run(
                    "driver", "new", "--compatible", "acme,probe-" + bus, "--bus", bus, "--dir", project.toString());
            assertThat(made.code()).as(made.err()).isZero();
            assertThat(project.resolve("mvnw")).isExecutable();
            modules.add("<module>acme-" + bus + "</module>");
        }
        // One Maven run for the four (each also builds alone with its own ./mvnw verify, as the I2C one shows).
        Files.writeString(work.resolve("buses/pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>test</groupId><artifactId>buses</artifactId>
                <version>1</version><packaging>pom</packaging><modules>%s</modules></project>
                """.formatted(String.join("", modules)));
        List<String> build = new ArrayList<>(mavenArgs(ROOT.resolve("mvnw")));
        build.add("verify");
        Run verify = Run.of(build, work.resolve("buses"), work.resolve("buses-build.log"), BUILD);
        assertThat(verify.code())
                .as("verify of the spi, uart, modbus and w1 projects: %s", verify.tail())
                .isZero();
        for (String bus : List.of("spi", "uart", "modbus", "w1")) {
            assertThat(testsRun(work.resolve("buses/acme-" + bus))).as(bus).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void driverNew_refusesABadCompatibleOrBus_inOneLine() {
        Cli bad = Cli.run(
                "driver",
                "new",
                "--compatible",
                "Acme TMP42",
                "--bus",
                "i2c",
                "--dir",
                work.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip())
                .isEqualTo("fieldnode driver new: --compatible must be vendor,part in lower case, e.g. acme,tmp42; got"
                        + " 'Acme TMP42'");
        Cli bus = Cli.run(
                "driver",
                "new",
                "--compatible",
                "acme,x",
                "--bus",
                "can",
                "--dir",
                work.resolve("y").toString());
        assertThat(bus.code()).isEqualTo(2);
        assertThat(bus.err()).contains("--bus must be one of i2c, spi, uart, modbus, w1; got 'can'");
    }

    /** Tests run by surefire in {@code project}, from its reports. */
    private static int testsRun(Path project) throws IOException {
        int total = 0;
        try (Stream<Path> reports = Files.list(project.resolve("target/surefire-reports"))) {
            for (Path report :
                    reports.filter(p -> p.toString().endsWith(".txt")).toList()) {
                for (String line : Files.readAllLines(report)) {
                    if (line.startsWith("Tests run: ")) {
                        assertThat(line).as(report.toString()).contains("Failures: 0, Errors: 0");
                        total += Integer.parseInt(line.substring(11, line.indexOf(',')));
                    }
                }
            }
        }
        return total;
    }

    /** {@code fieldnode ARGS} in a JVM of its own, loading driver jars from {@code driversDir} as the launcher does. */
    private static Run fieldnode(Path driversDir, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx128m",
                "-D" + DriverJars.DIRECTORY_PROPERTY + "=" + driversDir,
                "-D" + DriverJars.OWNERS_PROPERTY + "=root-or-self",
                "-cp",
                System.getProperty("java.class.path"),
                "org.fieldnode.runtime.cli.Main"));
        command.addAll(List.of(args));
        return Run.of(command, work, work.resolve("fieldnode-" + args[0] + ".log"), Duration.ofMinutes(2));
    }

    /** A finished process: its exit code and what it printed. */
    private record Run(int code, String output) {
        static Run of(List<String> command, Path dir, Path log, Duration limit) throws Exception {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + limit + ": " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }

        String tail() {
            return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
        }
    }
}
