// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.Lwm2mConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.runtime.report.coap.EnrolledReporter;
import org.fieldnode.runtime.report.lwm2m.Lwm2mReporter;
import org.fieldnode.runtime.report.lwm2m.Lwm2mSettings;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.trust.TrustAnchors;

/**
 * Opens the LwM2M transport a profile asks for ({@code report.protocol: lwm2m}). A class of its own, reached only on
 * that branch, so that a node on the CoAP reporter never loads the LwM2M package, Leshan or its codecs.
 */
final class Lwm2mWiring {
    private Lwm2mWiring() {}

    /** A node that authenticates with a pre-shared key ({@code --psk-file}). */
    static Reporter withPsk(Profile profile, NodeId nodeId, PskCredential psk, SenmlFormat format) {
        return new Lwm2mReporter(settings(profile, nodeId, new DtlsCredentials.Psk(psk), format));
    }

    /**
     * A node that authenticates with its enrolled certificate: nothing is sent in BOOTSTRAP, and the client is
     * opened again with the renewed identity after a renewal (SECURITY R3, R6).
     */
    static Reporter enrolled(
            Profile profile,
            NodeId nodeId,
            Supplier<Optional<DeviceIdentity>> identity,
            Supplier<Optional<TrustAnchors>> anchors,
            SenmlFormat format,
            Duration bootstrapWait) {
        Lwm2mConfig target = profile.report().lwm2m().orElseThrow();
        return new EnrolledReporter(
                identity,
                anchors,
                target.server().getHost(),
                credentials -> new Lwm2mReporter(settings(profile, nodeId, credentials, format)),
                bootstrapWait);
    }

    static Lwm2mSettings settings(Profile profile, NodeId nodeId, DtlsCredentials credentials, SenmlFormat format) {
        Lwm2mConfig target = profile.report().lwm2m().orElseThrow();
        return new Lwm2mSettings(
                target.server(),
                target.endpoint().orElse(nodeId.value()),
                credentials,
                target.bootstrap(),
                target.lifetime(),
                format,
                NodeSetup.EXCHANGE_TIMEOUT,
                profile.report().link(),
                Lwm2mSettings.DeviceDescription.of(profile.board(), nodeId.value(), SoftwareVersion.version()));
    }
}
