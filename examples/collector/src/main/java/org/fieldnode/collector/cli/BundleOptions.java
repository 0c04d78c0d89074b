// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.net.URI;
import java.time.Duration;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.protocol.Intervals;
import picocli.CommandLine.Option;

/** The options of {@code enrolment issue} about the bundles it writes (a picocli mixin). */
final class BundleOptions {
    @Option(
            names = "--valid-for",
            paramLabel = "DURATION",
            defaultValue = ProvisioningBundles.DEFAULT_VALID_DAYS + "d",
            description = "How long a bundle can enrol, e.g. 30d, 12h; at most 365d (default: ${DEFAULT-VALUE}).")
    private String validFor;

    @Option(
            names = "--allow-loopback",
            description = "Allow a loopback or wildcard collector URI (a test on this machine only).")
    private boolean allowLoopback;

    /** The request for {@code device}'s bundle to {@code collector} with these options. */
    ProvisioningBundles.Request request(String device, URI collector) throws UserError {
        Duration valid;
        try {
            valid = Intervals.parse(validFor);
        } catch (IllegalArgumentException e) {
            throw new UserError("--valid-for: " + e.getMessage());
        }
        return new ProvisioningBundles.Request(device, collector, valid, allowLoopback);
    }
}
