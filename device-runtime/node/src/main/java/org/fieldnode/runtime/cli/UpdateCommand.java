// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.protocol.update.UpdateKeys;
import org.fieldnode.runtime.update.ReleasePacker;
import org.fieldnode.runtime.update.Slots;
import org.fieldnode.runtime.update.UpdateAgent;
import org.fieldnode.runtime.update.UpdateKeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode update keygen|pack|status}: signed over-the-air releases (issue 16, SECURITY R24–R27). keygen
 * and pack run on the integrator's machine, where the update key is kept offline; status runs on the node.
 */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Signed over-the-air releases (UPDATES.md).",
            "  keygen --out KEY                     make the update key (KEY, mode 0600) and KEY.pub to pin on nodes",
            "  pack --from DIR --sequence N --key KEY --out FILE [--base DIR --base-sequence M]",
            "                                       sign the release in DIR (lib/, bin/, VERSION); a delta with --base",
            "  status [--data-dir DIR]              this node's installed release and update state"
        },
        subcommands = {UpdateCommand.Keygen.class, UpdateCommand.Pack.class, UpdateCommand.Status.class})
public final class UpdateCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description = {
                "Make a P-256 update key: KEY (PKCS#8, mode 0600, keep it offline) and KEY.pub (pin it on nodes).",
                "Ends with: update-key: file=KEY public=KEY.pub key_id=HEX"
            })
    static final class Keygen implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "KEY", description = "The private key file to make.")
        Path out;

        @Override
        public Integer call() throws Exception {
            KeyPair pair;
            try {
                pair = UpdateKeyFiles.generate(out);
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            spec.commandLine()
                    .getOut()
                    .println("update-key: file=" + out + " public=" + UpdateKeyFiles.publicFileOf(out) + " key_id="
                            + UpdateKeys.keyIdHex(pair.getPublic()));
            return Main.EXIT_OK;
        }
    }

    @Command(
            name = "pack",
            mixinStandardHelpOptions = true,
            description = {
                "Sign a release: the manifest (COSE_Sign1, ES256) and the payload (the files of DIR) in one FILE.",
                "Ends with: release: file=FILE sequence=N version=V kind=full|delta base=M files=N bytes=N"
            })
    static final class Pack implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(
                names = "--from",
                required = true,
                paramLabel = "DIR",
                description = "The release: lib/, bin/, VERSION.")
        Path from;

        @Option(names = "--sequence", required = true, paramLabel = "N", description = "Higher than every earlier one.")
        long sequence;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "The update key (and KEY.pub).")
        Path key;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The release file to write.")
        Path out;

        @Option(names = "--base", paramLabel = "DIR", description = "Make a delta against this installed release.")
        Path base;

        @Option(
                names = "--base-sequence",
                paramLabel = "M",
                description = "The base's sequence (default: its .fieldnode-release, else --sequence minus 1).")
        Long baseSequence;

        @Option(
                names = "--successor-key",
                paramLabel = "KEY.pub",
                description = "Rotate: the nodes trust this key alone once the release is good.")
        Path successor;

        @Override
        public Integer call() throws Exception {
            if (sequence < 1) {
                throw new UserError("--sequence must be 1 or more");
            }
            if (!Files.isRegularFile(from.resolve("VERSION"))) {
                throw new UserError(from + " has no VERSION file: a release directory holds lib/, bin/ and VERSION");
            }
            if (base != null && !Files.isDirectory(base)) {
                throw new UserError("--base " + base + " is not a directory");
            }
            try {
                KeyPair pair = UpdateKeyFiles.read(key);
                PublicKey next = successor == null ? null : UpdateKeyFiles.readPublic(successor);
                long from0 = base == null ? 0 : baseSequence != null ? baseSequence : baseSequence(base);
                if (base != null && (from0 < 1 || from0 >= sequence)) {
                    throw new UserError("the base's sequence " + from0 + " must be 1.." + (sequence - 1));
                }
                String version = Files.readString(from.resolve("VERSION")).strip();
                ReleasePacker.Packed packed = ReleasePacker.pack(from, base, from0, sequence, version, pair, next, out);
                spec.commandLine()
                        .getOut()
                        .println("release: file=" + out + " sequence=" + sequence + " version=" + version + " kind="
                                + (base == null ? "full" : "delta") + " base=" + from0 + " files=" + packed.files()
                                + " bytes=" + packed.fileBytes());
                return Main.EXIT_OK;
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }

        private long baseSequence(Path dir) throws IOException {
            long written = Slots.sequenceOf(dir);
            return written > 0 ? written : sequence - 1;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "This node's installed release and what it is doing about updates.",
                "Ends with: update: installed=N state=S target=N received=N reason=R"
            })
    static final class Status implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                defaultValue = "${FIELDNODE_DATA_DIR:-${sys:user.home}/.fieldnode}",
                description = "The node's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, String> state = UpdateAgent.readState(dataDir);
            Slots slots = new Slots(dataDir.resolve("app"), Slots.runningRelease());
            long active = slots.activeSequence(); // the package's own release when no slot is current
            boolean trial = slots.trial().isPresent();
            long installed = trial ? Long.parseLong(state.getOrDefault("installed", "0")) : active;
            out.println("Release " + installed
                    + (slots.currentLink().isPresent()
                            ? " in " + slots.currentLink().get()
                            : " (the package's)") + (trial ? ", release " + active + " on trial" : ""));
            out.println("update: installed=" + installed + " state=" + state.getOrDefault("state", "idle")
                    + " target=" + state.getOrDefault("target", "0") + " received="
                    + state.getOrDefault("received", "0") + " reason=" + orDash(state.get("reason")));
            return Main.EXIT_OK;
        }

        private static String orDash(String value) {
            return value == null || value.isEmpty() ? "-" : value;
        }
    }
}
