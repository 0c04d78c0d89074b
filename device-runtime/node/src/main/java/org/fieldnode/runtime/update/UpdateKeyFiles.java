// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import org.fieldnode.protocol.update.UpdateKeys;
import org.fieldnode.protocol.update.UpdateRefusedException;
import org.fieldnode.security.store.SecureFiles;

/**
 * The update key's two files, made by {@code fieldnode update keygen} on the integrator's machine: {@code NAME}
 * holds the private key (PKCS#8 DER, mode 0600; it never goes to a node or the collector, SECURITY R26) and
 * {@code NAME.pub} the public key (SubjectPublicKeyInfo DER) that is pinned on every node when it is provisioned.
 */
public final class UpdateKeyFiles {
    public static final String PUBLIC_SUFFIX = ".pub";

    private UpdateKeyFiles() {}

    /** Makes a key pair and writes both files; refuses to overwrite an existing key. */
    public static KeyPair generate(Path privateFile) throws IOException {
        Path publicFile = publicFileOf(privateFile);
        if (Files.exists(privateFile) || Files.exists(publicFile)) {
            throw new IOException(privateFile + " or its .pub exists already: move it away first");
        }
        KeyPair pair = UpdateKeys.generate(new SecureRandom());
        SecureFiles.writeAtomically(privateFile, pair.getPrivate().getEncoded());
        Files.write(publicFile, pair.getPublic().getEncoded());
        return pair;
    }

    /** {@code KEY.pub} next to {@code KEY}. */
    public static Path publicFileOf(Path privateFile) {
        return privateFile.resolveSibling(privateFile.getFileName() + PUBLIC_SUFFIX);
    }

    /** Reads a private key file and its {@code .pub}. */
    public static KeyPair read(Path privateFile) throws IOException {
        try {
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
            return new KeyPair(readPublic(publicFileOf(privateFile)), key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(privateFile + " is not a P-256 private key made by 'fieldnode update keygen'");
        }
    }

    /** Reads a public key file (SubjectPublicKeyInfo DER). */
    public static PublicKey readPublic(Path publicFile) throws IOException {
        try {
            return UpdateKeys.publicKey(Files.readAllBytes(publicFile));
        } catch (UpdateRefusedException e) {
            throw new IOException(publicFile + " is not a P-256 public key made by 'fieldnode update keygen'");
        }
    }
}
