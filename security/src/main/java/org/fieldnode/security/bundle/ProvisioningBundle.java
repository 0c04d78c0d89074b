// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import java.util.Objects;
import java.util.Optional;
import org.fieldnode.security.psk.PskCredential;

/**
 * A parsed provisioning bundle: its {@link BundleSettings} and, until imported, the one-time enrolment PSK
 * (SECURITY R4). {@link #toString()} never shows the key.
 */
public final class ProvisioningBundle {
    private final BundleSettings settings;
    private final PskCredential enrolmentCredential;

    ProvisioningBundle(BundleSettings settings, PskCredential enrolmentCredential) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.enrolmentCredential = enrolmentCredential;
    }

    public BundleSettings settings() {
        return settings;
    }

    /** The enrolment PSK; empty when the bundle's key line was already imported and removed. */
    public Optional<PskCredential> enrolmentCredential() {
        return Optional.ofNullable(enrolmentCredential);
    }

    @Override
    public String toString() {
        return "ProvisioningBundle[collector=" + settings.collector() + ", psk.identity=" + settings.pskIdentity()
                + ", ca=" + settings.caFingerprint() + ", psk.key="
                + (enrolmentCredential == null ? "(imported)" : "(redacted)") + "]";
    }
}
