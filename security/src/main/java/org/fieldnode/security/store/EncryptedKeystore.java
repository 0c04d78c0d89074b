// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.jcajce.BCFKSLoadStoreParameter;
import org.fieldnode.security.identity.CryptoProvider;

/**
 * The node's one encrypted keystore (SECURITY R9): every secret the node holds — its private key, the enrolment
 * PSK while unused, certificates and pinned trust data — lives in this one file.
 *
 * <p><b>Format: BCFKS</b> (Bouncy Castle FIPS keystore, an ASN.1 DER {@code ObjectStore}). Chosen over PKCS#12
 * because BCFKS encrypts the <em>whole</em> store — aliases, certificates and entry metadata, not just the key
 * bags — with AES-256-CCM, protects its integrity with one HMAC-SHA512 over the whole file, and stores secret
 * keys natively (PKCS#12 secret-key bags are a Java extension). Its layout is BC's {@code ObjectStore ::=
 * SEQUENCE { storeData ObjectStoreData (encrypted), integrityCheck }}; entries are encrypted again with their own
 * PBKDF2-derived key. Store key: PBKDF2-HMAC-SHA512 over the hex of the 32-byte device wrapping key ({@link
 * WrappingKeySource}), 64-byte salt; because that "password" is a 256-bit random key, the iteration count only
 * costs time and is kept modest for a Raspberry Pi.
 *
 * <p><b>Contract.</b> Reads come from memory. Every mutator changes memory only; {@link #save()} persists all
 * changes atomically (temp file created mode 0600, fsync, rename: a power cut leaves the old or the new store).
 * A store that others can read, or that the wrapping key does not open, is refused with a one-line {@link
 * KeystoreException} and nothing is changed (fail closed). Secret entries are stored as {@code HmacSHA256}
 * secret keys because BCFKS accepts only algorithm names it knows; the bytes are arbitrary.
 */
public final class EncryptedKeystore {
    private static final String TYPE = "BCFKS";
    private static final int PBKDF2_ITERATIONS = 16_384;
    private static final String SECRET_ALGORITHM = "HmacSHA256";

    private final Path file;
    private final WrappingKeySource wrapping;
    private final KeyStore store;
    private char[] password;

    private EncryptedKeystore(Path file, WrappingKeySource wrapping, KeyStore store, char[] password) {
        this.file = file;
        this.wrapping = wrapping;
        this.store = store;
        this.password = password;
    }

    /**
     * Opens the keystore at {@code file}, or creates an empty one there (and the wrapping key, if the source makes
     * one) when no file exists.
     *
     * @throws KeystoreException when the file is readable by others, damaged, or not opened by this wrapping key
     */
    public static EncryptedKeystore openOrCreate(Path file, WrappingKeySource wrapping) throws KeystoreException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(wrapping, "wrapping");
        boolean exists = Files.exists(file);
        if (exists) {
            SecureFiles.requireOwnerOnly(file, "keystore");
        }
        byte[] bytes = new byte[0];
        if (exists) {
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new KeystoreException(
                        file + ": cannot read the keystore (" + e.getClass().getSimpleName() + ")");
            }
        }
        char[] password = passwordFrom(wrapping);
        KeyStore store;
        try {
            store = KeyStore.getInstance(TYPE, CryptoProvider.bc());
            if (!exists) {
                store.load(null, null);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("BCFKS is not available: " + e.getMessage(), e);
        }
        if (!exists) {
            EncryptedKeystore created = new EncryptedKeystore(file, wrapping, store, password);
            created.save();
            return created;
        }
        try {
            store.load(new BCFKSLoadStoreParameter.Builder(new ByteArrayInputStream(bytes), password).build());
            return new EncryptedKeystore(file, wrapping, store, password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            Arrays.fill(password, '\0');
            throw new KeystoreException(file + ": the wrapping key at " + wrapping.describe()
                    + " does not open this keystore, or it is damaged; refusing to use it (a factory reset makes a "
                    + "new identity)");
        }
    }

    /** The keystore file. */
    public Path file() {
        return file;
    }

    /** Every alias, sorted. */
    public Set<String> aliases() throws KeystoreException {
        try {
            return Collections.unmodifiableSet(new TreeSet<>(Collections.list(store.aliases())));
        } catch (GeneralSecurityException e) {
            throw failure("list", e);
        }
    }

    /** A copy of the secret bytes under {@code alias}; the caller overwrites it when done. */
    public Optional<byte[]> secret(String alias) throws KeystoreException {
        Key key = key(alias);
        return key instanceof SecretKey secret ? Optional.of(secret.getEncoded()) : Optional.empty();
    }

    /** Keeps {@code bytes} (copied) under {@code alias}, replacing any entry there. */
    public void putSecret(String alias, byte[] bytes) throws KeystoreException {
        try {
            store.setKeyEntry(alias, new SecretKeySpec(bytes, SECRET_ALGORITHM), password, null);
        } catch (GeneralSecurityException e) {
            throw failure("store secret " + alias, e);
        }
    }

    /** The private key under {@code alias}. */
    public Optional<PrivateKey> privateKey(String alias) throws KeystoreException {
        return key(alias) instanceof PrivateKey key ? Optional.of(key) : Optional.empty();
    }

    /** The certificate chain stored with the private key under {@code alias}, leaf first; empty if none. */
    public List<X509Certificate> chain(String alias) throws KeystoreException {
        try {
            Certificate[] chain = store.getCertificateChain(alias);
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : chain == null ? new Certificate[0] : chain) {
                out.add((X509Certificate) c);
            }
            return List.copyOf(out);
        } catch (GeneralSecurityException e) {
            throw failure("read chain " + alias, e);
        }
    }

    /** Keeps a private key with its certificate chain (BCFKS requires one) under {@code alias}. */
    public void putPrivateKey(String alias, PrivateKey key, List<X509Certificate> chain) throws KeystoreException {
        try {
            store.setKeyEntry(alias, key, password, chain.toArray(new X509Certificate[0]));
        } catch (GeneralSecurityException e) {
            throw failure("store key " + alias, e);
        }
    }

    /** The trusted certificate under {@code alias}. */
    public Optional<X509Certificate> certificate(String alias) throws KeystoreException {
        try {
            return store.isCertificateEntry(alias)
                    ? Optional.of((X509Certificate) store.getCertificate(alias))
                    : Optional.empty();
        } catch (GeneralSecurityException e) {
            throw failure("read certificate " + alias, e);
        }
    }

    /** Keeps a trusted certificate under {@code alias}. */
    public void putCertificate(String alias, X509Certificate certificate) throws KeystoreException {
        try {
            store.setCertificateEntry(alias, certificate);
        } catch (GeneralSecurityException e) {
            throw failure("store certificate " + alias, e);
        }
    }

    /** Removes the entry under {@code alias}, if any. */
    public void delete(String alias) throws KeystoreException {
        try {
            if (store.containsAlias(alias)) {
                store.deleteEntry(alias);
            }
        } catch (GeneralSecurityException e) {
            throw failure("delete " + alias, e);
        }
    }

    /** Writes the whole store atomically (mode 0600 from creation, fsync, rename). */
    public void save() throws KeystoreException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            store.store(new BCFKSLoadStoreParameter.Builder(out, password)
                    .withStoreEncryptionAlgorithm(BCFKSLoadStoreParameter.EncryptionAlgorithm.AES256_CCM)
                    .withStoreMacAlgorithm(BCFKSLoadStoreParameter.MacAlgorithm.HmacSHA512)
                    .withStorePBKDFConfig(new PBKDF2Config.Builder()
                            .withPRF(PBKDF2Config.PRF_SHA512)
                            .withIterationCount(PBKDF2_ITERATIONS)
                            .withSaltLength(64)
                            .build())
                    .build());
            SecureFiles.writeAtomically(file, out.toByteArray());
        } catch (IOException e) {
            throw new KeystoreException(file + ": cannot write the keystore ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw failure("save", e);
        }
    }

    /**
     * Crypto-erase (SECURITY R12): destroys the wrapping key, then overwrites and deletes the keystore file. After
     * this, nothing the store held can be recovered from this device, and this object is unusable.
     */
    public void cryptoErase() throws KeystoreException {
        wrapping.destroy();
        Arrays.fill(password, '\0');
        password = new char[0];
        try {
            SecureFiles.shred(file);
        } catch (IOException e) {
            throw new KeystoreException(file + ": wrapping key destroyed, but the keystore file could not be "
                    + "removed (" + e.getClass().getSimpleName() + "); it is unreadable, delete it by hand");
        }
    }

    private Key key(String alias) throws KeystoreException {
        try {
            return store.isKeyEntry(alias) ? store.getKey(alias, password) : null;
        } catch (GeneralSecurityException e) {
            throw failure("read " + alias, e);
        }
    }

    private KeystoreException failure(String action, GeneralSecurityException e) {
        // The JCA message names algorithms and aliases only; it never holds key bytes.
        return new KeystoreException(
                file + ": cannot " + action + " (" + e.getClass().getSimpleName() + ")");
    }

    private static char[] passwordFrom(WrappingKeySource wrapping) throws KeystoreException {
        byte[] key = wrapping.wrappingKey();
        try {
            return HexFormat.of().formatHex(key).toCharArray();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "EncryptedKeystore[" + file + ", BCFKS]";
    }
}
