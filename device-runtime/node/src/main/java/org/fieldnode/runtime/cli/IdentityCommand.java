// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.install.FactoryReset;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.event.TimeQuality;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.NodeIdFile;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.TrustAnchors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode identity show|reset}: the node's enrolled identity (SECURITY R1, R12, R31), never a secret. */
@Command(
        name = "identity",
        mixinStandardHelpOptions = true,
        description = {
            "Show or reset the node's identity: node id, security state, certificate, pinned CA.",
            "  show           what the keystore holds (no secret is ever printed)",
            "  reset --yes    factory reset: crypto-erase the keystore, forget the node id, back to BOOTSTRAP"
        },
        subcommands = {IdentityCommand.Show.class, IdentityCommand.Reset.class})
public final class IdentityCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both subcommands share. */
    static final class Location {
        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                defaultValue = "${FIELDNODE_DATA_DIR:-${sys:user.home}/.fieldnode}",
                description = "The node's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(
                names = "--wrapping-key",
                paramLabel = "FILE",
                defaultValue = "${FIELDNODE_WRAPPING_KEY:-" + WrappingKeyFile.DEFAULT_PATH + "}",
                description = "The keystore's wrapping key (default: ${DEFAULT-VALUE}).")
        Path wrappingKey;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Print the node id, security state, certificate subject and expiry, and the pinned CA fingerprint.",
                "Ends with: identity: node=ID state=STATE subject=CN|- not_after=TIME|- ca=sha256:HEX|-"
                        + " enrolment_credential=present|absent"
            })
    static final class Show implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Location at = new Location();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path nodeIdFile = at.dataDir.resolve(NodeIdFile.NAME);
            String node = Files.isRegularFile(nodeIdFile)
                    ? Files.readString(nodeIdFile).strip()
                    : "-";
            Path keystore = at.dataDir.resolve(EnrolledNode.KEYSTORE);
            if (!Files.isRegularFile(keystore)) {
                // An enrolled node makes its keystore before anything else; a node that ran without one used a PSK.
                if (StatusFile.read(at.dataDir).isPresent()) {
                    out.println("Node " + node + ": PSK (reports with the pre-shared key of its --psk-file; no"
                            + " certificate, nothing to enrol)");
                    out.println("identity: node=" + node + " state=PSK subject=- not_after=- ca=-"
                            + " enrolment_credential=absent");
                    return Main.EXIT_OK;
                }
                out.println("Node " + node + ": BOOTSTRAP (no keystore in " + at.dataDir + "; import a bundle with"
                        + " fieldnode run --bundle FILE)");
                out.println("identity: node=" + node + " state=BOOTSTRAP subject=- not_after=- ca=-"
                        + " enrolment_credential=absent");
                return Main.EXIT_OK;
            }
            // Reads, never writes (issue 15): no wrapping key is made here, and a key that does not fit is named,
            // never a reason to erase an identity that may well be valid.
            if (!Files.isRegularFile(at.wrappingKey)) {
                throw new UserError(keystore + " needs its wrapping key, and " + at.wrappingKey + " does not exist;"
                        + " give --wrapping-key FILE, the file the node runs with (run --wrapping-key)");
            }
            NodeCredentials credentials;
            try {
                credentials = new NodeCredentials(
                        EncryptedKeystore.openOrCreate(keystore, new WrappingKeyFile(at.wrappingKey)));
            } catch (KeystoreException e) {
                throw new UserError(keystore + " does not open with the wrapping key " + at.wrappingKey
                        + "; give --wrapping-key FILE, the file the node runs with (run --wrapping-key)");
            }
            Optional<DeviceIdentity> identity =
                    node.equals("-") ? Optional.empty() : credentials.identity(new NodeId(node));
            Optional<TrustAnchors> trust = credentials.trustAnchors();
            boolean pending = credentials.enrolmentCredential().isPresent();
            Instant now = Instant.now();
            String state = identity.map(id -> id.isValidAt(now)
                            ? (now.isBefore(Enrolment.renewalDue(id.certificate()))
                                    ? "OK"
                                    : "DEGRADED(certificate-expiring)")
                            : "DEGRADED(certificate-expired)")
                    .orElse("BOOTSTRAP");
            String running = runningState(at.dataDir);
            if (running != null) {
                state = running;
            }
            String subject = identity.map(
                            id -> id.certificate().getSubjectX500Principal().getName())
                    .orElse("-");
            String notAfter = identity.map(id -> id.notAfter().toString()).orElse("-");
            String ca = trust.map(t -> t.pin().toString()).orElse("-");
            out.println("Node " + node + ": " + state);
            out.println("  certificate  " + (identity.isEmpty() ? "none" : subject + ", valid until " + notAfter));
            out.println("  ca           " + ca
                    + trust.flatMap(TrustAnchors::anchor)
                            .map(a -> " (anchor '" + a.getSubjectX500Principal().getName() + "')")
                            .orElse(trust.isPresent() ? " (pinned; not yet fetched)" : ""));
            Optional<BundleSettings> settings = settingsQuietly(at.dataDir);
            out.println("  collector    "
                    + settings.map(s -> s.collector().toString()).orElse("-"));
            out.println("identity: node=" + node + " state=" + state + " subject=" + subject + " not_after=" + notAfter
                    + " ca=" + ca + " enrolment_credential=" + (pending ? "present" : "absent"));
            return Main.EXIT_OK;
        }

        private static Optional<BundleSettings> settingsQuietly(Path dataDir) {
            try {
                return EnrolledNode.importedSettings(dataDir);
            } catch (EnrolledNode.SetupException e) {
                return Optional.empty();
            }
        }

        /** The state a running node last wrote, if it runs now. */
        private static String runningState(Path dataDir) throws IOException {
            Optional<Map<String, String>> status = StatusFile.read(dataDir);
            if (status.isEmpty() || !StatusFile.isLive(status.get(), Instant.now(), 30)) {
                return null;
            }
            Path file = dataDir.resolve(EnrolledNode.SECURITY_STATE);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("state=")) {
                    return line.substring("state=".length());
                }
            }
            return null;
        }
    }

    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = {
                "Factory reset (SECURITY R12): destroy the wrapping key and the keystore (crypto-erase); remove the",
                "queued readings, the node id (a new one is made at the next start), the imported bundle, the applied",
                "desired configuration, the saved DTLS session and the status. The node returns to BOOTSTRAP, needs a",
                "new bundle, and sends nothing sampled before. Refused while the node runs, and without --yes. Follows",
                "no symbolic link (it runs as root in the service user's directory). Ends with:",
                "  identity: reset node=OLD_ID state=BOOTSTRAP"
            })
    static final class Reset implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Location at = new Location();

        @Option(names = "--yes", description = "Confirm: the identity cannot be recovered afterwards.")
        private boolean yes;

        @Override
        public Integer call() throws Exception {
            if (!yes) {
                throw new UserError("this erases the node's identity for good; run again with --yes to confirm");
            }
            Optional<Map<String, String>> status = StatusFile.read(at.dataDir);
            if (status.isPresent() && StatusFile.isLive(status.get(), Instant.now(), 30)) {
                throw new UserError("the node is running (pid " + status.get().get("pid") + "); stop it first");
            }
            FactoryReset.Result result;
            try {
                result = FactoryReset.run(at.dataDir, new WrappingKeyFile(at.wrappingKey));
            } catch (FactoryReset.RefusedException e) {
                throw new UserError(e.getMessage());
            }
            String node = result.node();
            SecurityEventLog.toLogger()
                    .record(new SecurityEvent(
                            Instant.now(),
                            TimeQuality.UNSYNCHRONISED,
                            node,
                            SecurityEventCode.FACTORY_RESET,
                            "keystore crypto-erased; node id, queued readings, desired configuration, DTLS session and"
                                    + " status removed (" + result.removed().size() + " entries); back to BOOTSTRAP"));
            spec.commandLine().getOut().println("identity: reset node=" + node + " state=BOOTSTRAP");
            return Main.EXIT_OK;
        }
    }
}
