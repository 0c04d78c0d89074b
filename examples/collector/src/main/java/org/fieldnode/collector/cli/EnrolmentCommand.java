// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.event.SecurityEventCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector enrolment issue|revoke}: integrator tooling for enrolled nodes (SECURITY R4, R17):
 * provisioning bundles, one or many, and revocation. Works on the data directory directly, also while {@code serve}
 * runs ({@link EnrolmentFiles}). Each bundle is issued by {@link ProvisioningBundles#issue}, with the same checks
 * whether one or many are written.
 */
@Command(
        name = "enrolment",
        mixinStandardHelpOptions = true,
        description = {
            "Issue provisioning bundles and revoke devices.",
            "  issue DEVICE --out FILE     write one bundle with a one-time enrolment credential (mode 0600)",
            "  issue --count N --out DIR   write N bundles DIR/PREFIX-001.txt … (mode 0600), one per device",
            "  revoke DEVICE               stop a device (node id or bundle name) from reporting or re-enrolling"
        },
        subcommands = {EnrolmentCommand.Issue.class, EnrolmentCommand.Revoke.class})
final class EnrolmentCommand implements Runnable {
    /** The most bundles one command writes. */
    static final int MAX_COUNT = 10_000;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,58}");

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            description = {
                "Write a provisioning bundle for DEVICE (a name such as weather-07, or the node id when known), or",
                "with --count N, N bundles for devices PREFIX-001 … PREFIX-N (at least three digits) into DIR",
                "(created mode 0700 if absent): the collector URI, a one-time enrolment PSK, the CA fingerprint and",
                "the device name, mode 0600. Copy one to each node's data directory as fieldnode-bundle.txt; the",
                "node deletes the key after importing it. No file is written when one of them exists already.",
                "Issuing again for the same DEVICE voids its earlier unused bundle. A bundle can enrol until its",
                "not-after (--valid-for, default 30d); a used, revoked or expired bundle is refused with a reason",
                "the node logs. DEVICE must not be a name another credential holds (a PSK node's identity, another",
                "device's node id). A loopback or wildcard collector URI (127.0.0.1, localhost, 0.0.0.0) is refused",
                "unless --allow-loopback is given. One bundle ends with one line:",
                "  enrolment: issued device=DEVICE psk_identity=ID ca=sha256:HEX collector=URI not_after=TIME out=FILE",
                "--count prints one line per bundle, then",
                "  enrolment: issued count=N ca=sha256:HEX collector=URI out=DIR"
            })
    static final class Issue implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(
                paramLabel = "DEVICE",
                arity = "0..1",
                description = "Device name of one bundle: 1..64 of A-Z a-z 0-9 . _ - (or give --count).")
        private String device;

        @Option(names = "--count", paramLabel = "N", description = "How many bundles: 1..10000 (instead of DEVICE).")
        private Integer count;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE|DIR",
                description = "The bundle to write (must not exist); with --count, the directory of the bundles.")
        private Path out;

        @Option(
                names = "--prefix",
                paramLabel = "NAME",
                description = "With --count: device names are NAME-001, NAME-002, … (default: node).")
        private String prefix;

        @Option(
                names = "--collector",
                paramLabel = "URI",
                description = "coaps://HOST[:PORT] nodes enrol at (default: what 'serve' last listened on).")
        private String collector;

        @Mixin
        private DataDirectoryOption dataDirectory;

        @Mixin
        private BundleOptions bundleOptions;

        private int written;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                if ((device == null) == (count == null)) {
                    throw new UserError("give DEVICE for one bundle or --count N for several, not both");
                }
                if (device != null && prefix != null) {
                    throw new UserError("--prefix names the devices of --count; one bundle is named by DEVICE");
                }
                return device != null ? issueOne() : issueMany();
            } catch (UserError | IllegalArgumentException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            } catch (IOException e) {
                String after = count == null
                        ? ""
                        : " after " + written + " of " + count + " bundles (those written are valid)";
                err.println(spec.qualifiedName() + ": failed" + after + ": " + e.getMessage());
                return 1;
            }
        }

        private int issueOne() throws UserError, IOException {
            URI uri = EnrolmentFiles.collectorUri(collector, dataDirectory.path());
            ProvisioningBundles.Request request = bundleOptions.request(device, uri);
            EnrolmentFiles files = EnrolmentFiles.open(dataDirectory.path());
            try (EnrolmentRegistry registry = files.registry()) {
                BundleSettings settings = files.bundles().issue(request, out, Instant.now());
                spec.commandLine()
                        .getOut()
                        .println("enrolment: issued device=" + device + " psk_identity=" + settings.pskIdentity()
                                + " ca=" + settings.caFingerprint() + " collector=" + settings.collector()
                                + " not_after=" + settings.notAfter().orElseThrow() + " out=" + out);
                return 0;
            }
        }

        private int issueMany() throws UserError, IOException {
            PrintWriter stdout = spec.commandLine().getOut();
            List<String> devices = devices();
            URI uri = EnrolmentFiles.collectorUri(collector, dataDirectory.path());
            bundleOptions.request(devices.get(0), uri); // --valid-for is read before anything is opened
            if (!"coaps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UserError("the collector must be coaps://HOST[:PORT]; enrolment never uses plain coap,"
                        + " got '" + uri + "'");
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UserError("--out " + out + " is not a directory");
            }
            for (String name : devices) {
                if (Files.exists(file(name))) {
                    throw new UserError(file(name) + " already exists; choose another --out or --prefix");
                }
            }
            EnrolmentFiles files = EnrolmentFiles.open(dataDirectory.path());
            BundleSettings last = null;
            try (EnrolmentRegistry registry = files.registry()) {
                ProvisioningBundles bundles = files.bundles();
                // Every check that needs no file first: a refused request writes nothing.
                bundles.check(bundleOptions.request(devices.get(0), uri));
                createDirectory();
                for (String name : devices) {
                    Path file = file(name);
                    last = bundles.issue(bundleOptions.request(name, uri), file, Instant.now());
                    written++;
                    stdout.println("enrolment: issued device=" + name + " psk_identity=" + last.pskIdentity() + " out="
                            + file);
                }
            }
            stdout.println("enrolment: issued count=" + written + " ca=" + last.caFingerprint() + " collector="
                    + last.collector() + " out=" + out);
            stdout.flush();
            return 0;
        }

        private List<String> devices() throws UserError {
            if (count < 1 || count > MAX_COUNT) {
                throw new UserError("--count must be 1.." + MAX_COUNT + ", got " + count);
            }
            String names = prefix == null ? "node" : prefix;
            if (!PREFIX.matcher(names).matches()) {
                throw new UserError("--prefix must be 1..58 of A-Z a-z 0-9 . _ - (device names are PREFIX-001 …),"
                        + " got '" + Arguments.printable(names) + "'");
            }
            int digits = Math.max(3, Integer.toString(count).length());
            List<String> devices = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                devices.add(names + "-" + String.format("%0" + digits + "d", i));
            }
            return devices;
        }

        private Path file(String name) {
            return out.resolve(name + ".txt");
        }

        private void createDirectory() throws IOException {
            if (!Files.isDirectory(out)) {
                Files.createDirectories(out);
                try {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the bundles themselves are still written owner-only where possible
                }
            }
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revoke DEVICE (a node id, or a device name of issued bundles): its nodes can no longer report",
                "(refused at once, also on open sessions) or re-enrol, and its unused bundles no longer enrol.",
                "Ends with one line: enrolment: revoked device=DEVICE count=N"
            })
    static final class Revoke implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DEVICE", description = "Node id (fieldnode-…) or device name.")
        private String device;

        @Mixin
        private DataDirectoryOption dataDirectory;

        /** The clock of the revocation time; tests replace it. */
        InstantSource clock = InstantSource.system();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                EnrolmentFiles files = EnrolmentFiles.open(dataDirectory.path());
                try (EnrolmentRegistry registry = files.registry()) {
                    if (!registry.knows(device)) {
                        throw new UserError("no device or node '" + Arguments.printable(device)
                                + "' was ever issued a bundle here; nothing revoked");
                    }
                    int revoked = registry.revoke(device, clock.instant());
                    if (revoked > 0) {
                        files.events()
                                .record(
                                        SecurityEventCode.REVOKED,
                                        device,
                                        revoked + " node(s) and unused bundle(s) revoked");
                    }
                    spec.commandLine().getOut().println("enrolment: revoked device=" + device + " count=" + revoked);
                    return 0;
                }
            } catch (UserError e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println(spec.qualifiedName() + ": failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
