// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.PskDirectory;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.collector.PskDirectoryFile.PskDirectoryException;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.IdentityNamespace;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.runtime.cli.UserError;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.store.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector enrol issue|revoke}: integrator tooling for enrolled nodes (SECURITY R4, R17). Works
 * on the data directory directly, also while {@code serve} runs (the registry is SQLite; the CA keystore is only
 * read once it exists).
 */
@Command(
        name = "enrol",
        mixinStandardHelpOptions = true,
        description = {
            "Issue provisioning bundles and revoke devices.",
            "  issue DEVICE --out FILE   write a bundle with a one-time enrolment credential (mode 0600)",
            "  revoke DEVICE             stop a device (node id or bundle name) from reporting or re-enrolling"
        },
        subcommands = {EnrolCommand.Issue.class, EnrolCommand.Revoke.class})
final class EnrolCommand implements Runnable {
    /** Where {@code serve} notes the collector URI it listens on, the default for bundles. */
    static final String COLLECTOR_URI_FILE = "collector.uri";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Written by {@code serve}: {@code coaps://NAME:PORT}, the default collector of new bundles. */
    static void saveCollectorUri(Path dataDir, String name, int port) {
        String host = name.contains(":") ? "[" + name + "]" : name;
        try {
            Files.writeString(dataDir.resolve(COLLECTOR_URI_FILE), "coaps://" + host + ":" + port + "\n");
        } catch (IOException e) {
            org.tinylog.Logger.warn("Cannot note the collector URI in {}: {}", dataDir, e.getMessage());
        }
    }

    static Opened open(Path dataDir) throws UserError, IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new UserError("no collector data directory " + dataDir + "; give --data-dir DIR");
        }
        try {
            CollectorCa ca = CollectorCa.openOrCreate(dataDir, Instant.now());
            return new Opened(ca, SqliteEnrolmentRecords.openRegistry(dataDir, ca), dataDir);
        } catch (KeystoreException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** The CA and registry of a data directory, as the commands open them beside a running {@code serve}. */
    record Opened(CollectorCa ca, EnrolmentRegistry registry, Path dataDir) {
        /** Where the commands record security events: the data directory's event file. */
        CollectorEvents events() {
            return CollectorEvents.fileIn(dataDir);
        }

        /**
         * Issues bundles checked against the one identity namespace (R8): this registry and the PSK nodes of {@code
         * DATA/psk-directory}, when there is one.
         */
        ProvisioningBundles bundles() throws UserError {
            Path file = dataDir.resolve(PskDirectoryFile.FILE_NAME);
            PskDirectory pskNodes = name -> Optional.empty();
            if (Files.exists(file)) {
                try {
                    pskNodes = PskDirectoryFile.read(file);
                } catch (PskDirectoryException e) {
                    throw new UserError(e.getMessage());
                }
            }
            return new ProvisioningBundles(registry, ca, new IdentityNamespace(registry, pskNodes), events());
        }
    }

    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            description = {
                "Write a provisioning bundle for DEVICE (a name such as weather-07, or the node id when known):",
                "the collector URI, a one-time enrolment PSK, the CA fingerprint, the device name. Copy it to",
                "the node's data directory as fieldnode-bundle.txt; the node deletes the key after importing it.",
                "Issuing again for the same DEVICE voids its earlier unused bundle. The bundle can enrol until",
                "its not-after (--valid-for, default 30d); a used, revoked or expired bundle is refused with a",
                "reason the node logs. DEVICE must not be a name another credential holds (a PSK node's identity,",
                "another device's node id). A loopback or wildcard collector URI (127.0.0.1, localhost, 0.0.0.0)",
                "is refused unless --allow-loopback is given. Ends with one line:",
                "  enrol: issued device=DEVICE psk_identity=ID ca=sha256:HEX collector=URI not_after=TIME out=FILE"
            })
    static final class Issue implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DEVICE", description = "Device name: 1..64 of A-Z a-z 0-9 . _ -")
        private String device;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "The bundle to write (must not exist).")
        private Path out;

        @Option(
                names = "--collector",
                paramLabel = "URI",
                description = "coaps://HOST[:PORT] nodes enrol at (default: what 'serve' last listened on).")
        private String collector;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                defaultValue = Arguments.DEFAULT_DATA_DIR,
                description = "The collector's data directory (default: ${DEFAULT-VALUE}).")
        private Path dataDir;

        @Mixin
        private BundleOptions bundleOptions;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                URI uri = collectorUri(collector, dataDir);
                ProvisioningBundles.Request request = bundleOptions.request(device, uri);
                Opened opened = open(dataDir);
                try (EnrolmentRegistry registry = opened.registry()) {
                    BundleSettings settings = opened.bundles().issue(request, out, Instant.now());
                    spec.commandLine()
                            .getOut()
                            .println("enrol: issued device=" + device + " psk_identity=" + settings.pskIdentity()
                                    + " ca=" + settings.caFingerprint() + " collector=" + settings.collector()
                                    + " not_after=" + settings.notAfter().orElseThrow() + " out=" + out);
                    return 0;
                }
            } catch (UserError | IllegalArgumentException e) {
                err.println("fieldnode collector enrol issue: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println("fieldnode collector enrol issue: failed: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code --collector}, else the URI {@code serve} noted in {@code dataDir}. */
    static URI collectorUri(String collector, Path dataDir) throws UserError {
        String text = collector;
        if (text == null) {
            Path noted = dataDir.resolve(COLLECTOR_URI_FILE);
            try {
                text = Files.isRegularFile(noted)
                        ? Files.readString(noted, StandardCharsets.US_ASCII).strip()
                        : null;
            } catch (IOException e) {
                text = null;
            }
        }
        if (text == null) {
            throw new UserError("no collector URI: give --collector coaps://HOST:PORT (or run serve once first)");
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new UserError("--collector expects coaps://HOST[:PORT], got '" + text + "'");
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revoke DEVICE (a node id, or a device name of issued bundles): its nodes can no longer report",
                "(refused at once, also on open sessions) or re-enrol, and its unused bundles no longer enrol.",
                "Ends with one line: enrol: revoked device=DEVICE count=N"
            })
    static final class Revoke implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DEVICE", description = "Node id (fieldnode-…) or device name.")
        private String device;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                defaultValue = Arguments.DEFAULT_DATA_DIR,
                description = "The collector's data directory (default: ${DEFAULT-VALUE}).")
        private Path dataDir;

        /** The clock of the revocation time; tests replace it. */
        InstantSource clock = InstantSource.system();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                Opened opened = open(dataDir);
                try (EnrolmentRegistry registry = opened.registry()) {
                    if (!registry.knows(device)) {
                        throw new UserError("no device or node '" + Arguments.printable(device)
                                + "' was ever issued a bundle here; nothing revoked");
                    }
                    int count = registry.revoke(device, clock.instant());
                    if (count > 0) {
                        opened.events()
                                .record(
                                        SecurityEventCode.REVOKED,
                                        device,
                                        count + " node(s) and unused bundle(s) revoked");
                    }
                    spec.commandLine().getOut().println("enrol: revoked device=" + device + " count=" + count);
                    return 0;
                }
            } catch (UserError e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            } catch (StoreException e) {
                err.println(spec.qualifiedName() + ": failed: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println(spec.qualifiedName() + ": failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
