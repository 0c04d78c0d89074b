// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.security.bundle.BundleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector enrolment issue --count N --out DIR}: provisioning bundles in bulk, one file per device
 * (SECURITY R4), ready to copy onto SD cards; {@code enrolment revoke} is {@code enrol revoke}. Each bundle is issued
 * by {@link ProvisioningBundles#issue}, the code behind {@code enrol issue}, with the same checks and options.
 */
@Command(
        name = "enrolment",
        mixinStandardHelpOptions = true,
        description = {
            "Issue provisioning bundles in bulk and revoke devices.",
            "  issue --count N --out DIR   write N bundles DIR/PREFIX-001.txt … (mode 0600), one per device",
            "  revoke DEVICE               as 'enrol revoke' and 'collector revoke'"
        },
        subcommands = {EnrolmentCommand.IssueMany.class, EnrolCommand.Revoke.class})
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
                "Write N provisioning bundles into DIR (created mode 0700 if absent), one per device, named",
                "PREFIX-001 … PREFIX-N (at least three digits): DIR/PREFIX-001.txt holds the collector URI, a",
                "one-time enrolment PSK, the CA fingerprint and the device name, mode 0600. Copy one to each node's",
                "data directory as fieldnode-bundle.txt. No file is written when any of them exists already.",
                "Each can enrol until its not-after (--valid-for, default 30d). A loopback or wildcard collector",
                "URI is refused unless --allow-loopback is given.",
                "Prints one line per bundle, then",
                "  enrolment: issued count=N ca=sha256:HEX collector=URI out=DIR"
            })
    static final class IssueMany implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--count", required = true, paramLabel = "N", description = "How many bundles: 1..10000.")
        private int count;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "The directory of the bundles (created if absent).")
        private Path out;

        @Option(
                names = "--prefix",
                paramLabel = "NAME",
                defaultValue = "node",
                description = "Device names are NAME-001, NAME-002, … (default: ${DEFAULT-VALUE}).")
        private String prefix;

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
            PrintWriter stdout = spec.commandLine().getOut();
            int written = 0;
            try {
                List<String> devices = devices();
                URI uri = EnrolCommand.collectorUri(collector, dataDir);
                bundleOptions.request(prefix, uri); // --valid-for is read before anything is opened
                if (!"coaps".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new UserError("the collector must be coaps://HOST[:PORT]; enrolment never uses plain coap,"
                            + " got '" + uri + "'");
                }
                if (Files.exists(out) && !Files.isDirectory(out)) {
                    throw new UserError("--out " + out + " is not a directory");
                }
                for (String device : devices) {
                    if (Files.exists(file(device))) {
                        throw new UserError(file(device) + " already exists; choose another --out or --prefix");
                    }
                }
                EnrolCommand.Opened opened = EnrolCommand.open(dataDir);
                BundleSettings last = null;
                try (EnrolmentRegistry registry = opened.registry()) {
                    ProvisioningBundles bundles = opened.bundles();
                    // Every check that needs no file first: a refused request writes nothing.
                    bundles.check(bundleOptions.request(devices.get(0), uri));
                    createDirectory();
                    for (String device : devices) {
                        Path file = file(device);
                        last = bundles.issue(bundleOptions.request(device, uri), file, Instant.now());
                        written++;
                        stdout.println("enrolment: issued device=" + device + " psk_identity=" + last.pskIdentity()
                                + " out=" + file);
                    }
                }
                stdout.println("enrolment: issued count=" + written + " ca=" + last.caFingerprint() + " collector="
                        + last.collector() + " out=" + out);
                stdout.flush();
                return 0;
            } catch (UserError | IllegalArgumentException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println(spec.qualifiedName() + ": failed after " + written + " of " + count + " bundles (those"
                        + " written are valid): " + e.getMessage());
                return 1;
            }
        }

        private List<String> devices() throws UserError {
            if (count < 1 || count > MAX_COUNT) {
                throw new UserError("--count must be 1.." + MAX_COUNT + ", got " + count);
            }
            if (!PREFIX.matcher(prefix).matches()) {
                throw new UserError("--prefix must be 1..58 of A-Z a-z 0-9 . _ - (device names are PREFIX-001 …),"
                        + " got '" + Arguments.printable(prefix) + "'");
            }
            int digits = Math.max(3, Integer.toString(count).length());
            List<String> devices = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                devices.add(prefix + "-" + String.format("%0" + digits + "d", i));
            }
            return devices;
        }

        private Path file(String device) {
            return out.resolve(device + ".txt");
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
}
