// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The node's checks of a signed manifest before a byte of payload is fetched (SECURITY R24), in this order: the
 * COSE structure, the key it names (the pinned current key; a superseded or unknown key is refused), the ES256
 * signature, the manifest itself, the product, a sequence higher than the installed one, and for a delta a base
 * that is the installed release. The payload's size and digest are checked as it arrives ({@link PayloadDigest}).
 *
 * @param product the product this node runs
 * @param installedSequence the sequence of the release installed and good, 0 for the package's first release
 * @param currentKey the pinned update key
 * @param supersededKeyIds hex key ids of keys a rotation replaced
 */
public record ReleaseCheck(String product, long installedSequence, PublicKey currentKey, Set<String> supersededKeyIds) {
    public ReleaseCheck {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(currentKey, "currentKey");
        supersededKeyIds = Set.copyOf(supersededKeyIds);
    }

    /**
     * Checks a signed manifest.
     *
     * @return the manifest, to be installed once its payload checks out
     * @throws UpdateRefusedException with the first check that failed
     */
    public ReleaseManifest check(byte[] cose) throws UpdateRefusedException {
        SignedManifest signed = SignedManifest.parse(cose);
        String keyId = HexFormat.of().formatHex(signed.keyId());
        if (!keyId.equals(UpdateKeys.keyIdHex(currentKey))) {
            if (supersededKeyIds.contains(keyId)) {
                throw new UpdateRefusedException(
                        Refusal.SUPERSEDED_KEY, "signed with key " + keyId + ", which a key rotation replaced");
            }
            throw new UpdateRefusedException(Refusal.UNKNOWN_KEY, "signed with key " + keyId + ", not the pinned key");
        }
        if (!signed.verify(currentKey)) {
            throw new UpdateRefusedException(Refusal.BAD_SIGNATURE, "the signature does not verify");
        }
        ReleaseManifest manifest = ManifestCodec.decode(signed.manifest());
        if (!manifest.product().equals(product)) {
            throw new UpdateRefusedException(
                    Refusal.OTHER_PRODUCT, "release is for " + manifest.product() + ", this node runs " + product);
        }
        if (manifest.sequence() <= installedSequence) {
            throw new UpdateRefusedException(
                    Refusal.SEQUENCE_NOT_HIGHER,
                    "sequence " + manifest.sequence() + " is not higher than the installed " + installedSequence);
        }
        if (manifest.isDelta() && manifest.baseSequence().getAsLong() != installedSequence) {
            throw new UpdateRefusedException(
                    Refusal.BASE_NOT_INSTALLED,
                    "a delta from " + manifest.baseSequence().getAsLong() + ", installed is " + installedSequence);
        }
        return manifest;
    }
}
