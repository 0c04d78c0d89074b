// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.SecureFiles;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * Imports a provisioning bundle into the node's keystore (SECURITY R4, R5, R9): the enrolment PSK and the CA pin go
 * into the {@link NodeCredentials}; then the bundle file is rewritten without its {@code psk.key} line, so the
 * secret exists only inside the encrypted keystore and can be used once. The settings stay readable in the file.
 *
 * <p>Order (power-cut safe): keystore saved first, then the bundle rewritten (temp, fsync, rename). A cut in
 * between leaves the key in both places and the next start imports it again, which is harmless. On flash with
 * wear levelling the old blocks of the bundle may survive the rename; the PSK is worthless once the collector
 * marks it used at enrolment.
 */
public final class BundleImport {
    private static final Pattern KEY_LINE = Pattern.compile("(?m)^\\s*psk\\.key\\s*=.*$");

    private BundleImport() {}

    /** What an import did. */
    public record Result(BundleSettings settings, boolean keyImported) {}

    /**
     * Reads {@code bundleFile} and imports it.
     *
     * @throws BundleException for a bundle that cannot be used (nothing changed)
     * @throws KeystoreException when the keystore cannot be written (the bundle file is left as it was)
     */
    public static Result importFile(Path bundleFile, NodeCredentials credentials, Instant now)
            throws BundleException, KeystoreException {
        String source = bundleFile.getFileName().toString();
        byte[] content;
        try {
            if (Files.size(bundleFile) > BundleFormat.MAX_BYTES) {
                throw new BundleException(source + ": bundle is larger than " + BundleFormat.MAX_BYTES + " bytes");
            }
            content = Files.readAllBytes(bundleFile);
        } catch (IOException e) {
            throw new BundleException(
                    bundleFile + ": cannot read the bundle (" + e.getClass().getSimpleName() + ")");
        }
        ProvisioningBundle bundle = BundleFormat.parse(source, content);
        Optional<PskCredential> psk = bundle.enrolmentCredential();
        if (psk.isEmpty()) {
            return new Result(bundle.settings(), false);
        }
        try {
            Optional<TrustAnchors> trust = credentials.trustAnchors();
            TrustAnchors next =
                    trust.orElseGet(() -> TrustAnchors.pinned(bundle.settings().caFingerprint()));
            next.repin(bundle.settings().caFingerprint());
            credentials.putEnrolmentCredential(psk.get());
            credentials.saveTrust(next);
        } finally {
            psk.get().destroy();
        }
        String stripped = KEY_LINE.matcher(new String(content, StandardCharsets.UTF_8))
                .replaceAll("# psk.key imported into the node keystore at " + now + "; usable once");
        try {
            SecureFiles.writeAtomically(bundleFile, stripped.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BundleException(bundleFile + ": key imported, but the bundle could not be rewritten without it ("
                    + e.getClass().getSimpleName() + "); delete the file by hand");
        }
        Logger.info(
                "provisioning bundle imported: file={} collector={} psk.identity={} ca={}",
                bundleFile,
                bundle.settings().collector(),
                bundle.settings().pskIdentity(),
                bundle.settings().caFingerprint());
        return new Result(bundle.settings(), true);
    }
}
