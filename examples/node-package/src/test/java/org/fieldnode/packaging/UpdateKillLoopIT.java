// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.runtime.update.ReleasePacker;
import org.fieldnode.runtime.update.UpdateKeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 6, SECURITY R25: kill -9 of the node process at a random instant of an update (download, verify,
 * unpack, switch, trial) and the real launcher choosing the release at the next start: the release it runs is
 * always complete, file for file the package's or the new one, never a mixture; the next starts either finish
 * the update or, when the cut fell on a counted trial start, roll it back to the package's release. {@code -Dupdate.killLoop=N} runs N rounds (default 6, a few seconds each).
 */
class UpdateKillLoopIT {
    private static final int ROUNDS = Integer.getInteger("update.killLoop", 6);

    @TempDir
    Path root;

    @Test
    void r25_killNineAtAnyStage_alwaysStartsOnACompleteRelease() throws Exception {
        KeyPair key = UpdateKeyFiles.generate(root.resolve("update-key"));
        Path packaged = release(root.resolve("package"), "0.1.0", 0);
        Path next = release(root.resolve("r1"), "0.2.0", 1);
        Path file = root.resolve("r1.fnu");
        ReleasePacker.pack(next, null, 0, 1, "0.2.0", key, null, file);
        Path launcher = launcher(packaged);
        Random random = new Random();
        long pauseMicros = 200; // about 0.1 s of download for 460 blocks, then verify, unpack and switch
        int killedInTrial = 0;
        int applied = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = Files.createDirectories(root.resolve("round-" + round));
            Path data = Files.createDirectories(dir.resolve("data"));
            Path slots = Files.createDirectories(dir.resolve("app"));
            Path ran = start(launcher, slots);
            assertComplete(ran, packaged, next);
            Process node = node(data, slots, packaged, file, key, pauseMicros);
            Thread.sleep(random.nextInt(900));
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            for (int restart = 0; restart < 4; restart++) {
                ran = start(launcher, slots);
                assertComplete(ran, packaged, next);
                Process again = node(data, slots, packaged, file, key, 0);
                if (restart == 0 && random.nextBoolean()) {
                    Thread.sleep(random.nextInt(300));
                    again.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // a cut during the trial
                    killedInTrial++;
                } else {
                    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
                }
            }
            ran = start(launcher, slots);
            assertComplete(ran, packaged, next);
            if (Files.exists(ran.resolve(".fieldnode-release"))) {
                applied++;
            }
        }
        String line = "update-kill-loop: rounds=" + ROUNDS + " applied=" + applied + " rolled_back="
                + (ROUNDS - applied) + " killed_in_trial=" + killedInTrial;
        System.out.println(line);
        // Picked up by the build's closing reliability: line (examples/demo ReliabilitySummary).
        Path reliability = Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(reliability.resolve("update-kill-loop.line"), line + "\n");
        Files.writeString(reliability.resolve("update-kill-loop.txt"), "kills=" + (ROUNDS + killedInTrial) + "\n");
    }

    /** The lib directory the launcher would run, after its slot choice for a {@code run}. */
    private static Path start(Path launcher, Path slots) throws Exception {
        Command result = Command.run(
                List.of("sh", launcher.toString(), "run"),
                Map.of(
                        "FIELDNODE_DRY_RUN", "1",
                        "FIELDNODE_SLOTS", slots.toString(),
                        "FIELDNODE_JAVA_HOME", System.getProperty("java.home")),
                null);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher cp = Pattern.compile("-cp (\\S+)/lib/\\*").matcher(result.out());
        assertThat(cp.find()).as(result.out()).isTrue();
        return Path.of(cp.group(1));
    }

    private static void assertComplete(Path ran, Path packaged, Path next) throws IOException {
        Map<String, String> files = tree(ran);
        files.remove(".fieldnode-release");
        assertThat(files)
                .satisfiesAnyOf(
                        f -> assertThat(f).isEqualTo(tree(packaged)),
                        f -> assertThat(f).isEqualTo(tree(next)));
    }

    private Process node(Path data, Path slots, Path packaged, Path file, KeyPair key, long pauseMicros)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                UpdateNodeMain.class.getName(),
                data.toString(),
                slots.toString(),
                packaged.toString(),
                file.toString(),
                UpdateKeyFiles.publicFileOf(root.resolve("update-key")).toString(),
                "1",
                Long.toString(pauseMicros)));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("node.log").toFile())
                .start();
    }

    private Path launcher(Path packaged) throws IOException {
        String script = Files.readString(Path.of("src/launcher/fieldnode.sh"))
                .replace("@FIELDNODE_NAME@", "fieldnode")
                .replace("@FIELDNODE_LIB@", packaged.resolve("lib").toString())
                .replace("@FIELDNODE_DEFAULTS@", root.resolve("no-defaults").toString())
                .replace("@FIELDNODE_MAIN@", "org.fieldnode.runtime.cli.Main");
        Path launcher = root.resolve("bin/fieldnode");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, script);
        return launcher;
    }

    /** A release: the runtime jar name the launcher looks for, 8 jars of 56 KiB of random bytes, bin/, VERSION. */
    private static Path release(Path dir, String version, int seed) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("bin"));
        Random random = new Random(seed);
        for (int i = 0; i < 8; i++) {
            byte[] bytes = new byte[56 * 1024];
            random.nextBytes(bytes);
            String name = i == 0 ? "fieldnode-device-runtime-" + version + ".jar" : "part-" + i + ".jar";
            Files.write(dir.resolve("lib").resolve(name), bytes);
        }
        Files.writeString(dir.resolve("bin/fieldnode"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("VERSION"), version);
        return dir;
    }

    /** Relative path to a digest of the content, for every regular file. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                files.put(
                        dir.relativize(file).toString(),
                        Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(file))));
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }
}
