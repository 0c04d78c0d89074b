// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fieldnode.security.csr.CertificateRequest;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.Fingerprint;
import org.tinylog.Logger;

/**
 * The collector's certificate authority (SECURITY R5, R15–R17): a P-256 key and a self-signed CA certificate,
 * created on first use in the data directory, that issues node certificates (EST {@code /sen}, {@code /sren}) and
 * the collector's own DTLS server certificate.
 *
 * <p><b>Files</b> (in {@code DIR/ca/}, the directory mode 0700):
 *
 * <pre>
 * ca.bcfks       BCFKS keystore (security.store.EncryptedKeystore, mode 0600), entries:
 *                  ca-key          private key + [CA certificate]
 *                  server-key      private key + [server certificate, CA certificate]
 *                  enrolment-seal  32-byte AES key that seals the enrolment PSKs kept in enrolment.db
 * wrapping.key   32 random bytes, mode 0600: the keystore's wrapping key (security.store.WrappingKeyFile)
 * </pre>
 *
 * <p><b>Certificates.</b> CA: {@code CN=fieldnode collector CA <8 hex>}, basicConstraints CA with pathLen 0,
 * keyCertSign|cRLSign, 20 years. Node: subject exactly {@code CN=<node id>}, digitalSignature, clientAuth,
 * default lifetime 90 days (R17). Server: {@code CN=<first name>}, a subjectAltName per configured host name
 * (dNSName) or address (iPAddress), digitalSignature, serverAuth, one year, re-issued when the names change or
 * 2/3 of its life has passed. Serial numbers: 128 random bits, positive (RFC 5280 §4.1.2.2 allows 20 octets).
 * Signatures: ECDSA with SHA-256. A one-minute back-dating of notBefore absorbs small clock differences.
 *
 * <p>Thread-safe: issuing is synchronized (the CA signs one certificate at a time).
 */
public final class CollectorCa {
    /** Default lifetime of a node certificate (SECURITY R17). */
    public static final Duration NODE_LIFETIME = Duration.ofDays(90);

    static final String DIRECTORY = "ca";
    static final String KEYSTORE = "ca.bcfks";
    static final String WRAPPING_KEY = "wrapping.key";
    static final String CA_KEY = "ca-key";
    static final String SERVER_KEY = "server-key";
    static final String SEAL_KEY = "enrolment-seal";
    private static final Duration CA_LIFETIME = Duration.ofDays(20 * 365);
    private static final Duration SERVER_LIFETIME = Duration.ofDays(365);
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private final EncryptedKeystore store;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;
    private final Duration nodeLifetime;

    private CollectorCa(EncryptedKeystore store, PrivateKey caKey, X509Certificate caCertificate, Duration lifetime) {
        this.store = store;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
        this.nodeLifetime = lifetime;
    }

    /** The CA files of the collector whose data directory is {@code dataDir}. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve(DIRECTORY);
    }

    /**
     * The encrypted keystore of {@code dataDir}'s CA (the CA key, the seal key and the collector's server key): what
     * the members of a cluster share through their database ({@code postgresql.ClusterCa}), useless without {@link
     * #wrappingKeyFile}.
     */
    public static Path keystoreFile(Path dataDir) {
        return directory(dataDir).resolve(KEYSTORE);
    }

    /**
     * The wrapping key of {@code dataDir}'s keystore: it never leaves the data directory by itself, so the members of
     * a cluster each hold a copy their operator put there.
     */
    public static Path wrappingKeyFile(Path dataDir) {
        return directory(dataDir).resolve(WRAPPING_KEY);
    }

    /**
     * The fingerprint of the CA held in the keystore file {@code keystore}, opened with the wrapping key of {@code
     * dataDir} (which must exist: none is created).
     *
     * @throws KeystoreException when that key does not open the keystore, or it holds no CA
     */
    public static Fingerprint fingerprintOf(Path keystore, Path dataDir) throws KeystoreException {
        Path key = wrappingKeyFile(dataDir);
        if (!java.nio.file.Files.isRegularFile(key)) {
            throw new KeystoreException(key + ": no wrapping key");
        }
        List<X509Certificate> chain = EncryptedKeystore.openOrCreate(keystore, new WrappingKeyFile(key))
                .chain(CA_KEY);
        if (chain.isEmpty()) {
            throw new KeystoreException(keystore + ": holds no CA");
        }
        return Fingerprint.of(chain.get(0));
    }

    /**
     * Opens the CA of {@code dataDir}, creating the key, the self-signed certificate and the seal key on first use.
     *
     * @throws KeystoreException when the keystore or its wrapping key cannot be read or written (one line)
     */
    public static CollectorCa openOrCreate(Path dataDir, Instant now) throws KeystoreException {
        return openOrCreate(dataDir, now, NODE_LIFETIME);
    }

    /** Like {@link #openOrCreate(Path, Instant)} with another node certificate lifetime (tests of expiry). */
    public static CollectorCa openOrCreate(Path dataDir, Instant now, Duration nodeLifetime) throws KeystoreException {
        Objects.requireNonNull(now, "now");
        if (nodeLifetime.isNegative() || nodeLifetime.isZero()) {
            throw new IllegalArgumentException("node certificate lifetime must be > 0, got " + nodeLifetime);
        }
        Path dir = directory(dataDir);
        EncryptedKeystore store =
                EncryptedKeystore.openOrCreate(dir.resolve(KEYSTORE), new WrappingKeyFile(dir.resolve(WRAPPING_KEY)));
        restrict(dir);
        Optional<PrivateKey> key = store.privateKey(CA_KEY);
        List<X509Certificate> chain = store.chain(CA_KEY);
        if (key.isPresent() && !chain.isEmpty()) {
            return new CollectorCa(store, key.get(), chain.get(0), nodeLifetime);
        }
        KeyPair keys = NodeKeys.generate();
        X509Certificate certificate = selfSigned(keys, now);
        store.putPrivateKey(CA_KEY, keys.getPrivate(), List.of(certificate));
        byte[] seal = new byte[32];
        NodeId.nonBlockingRandom().nextBytes(seal);
        try {
            store.putSecret(SEAL_KEY, seal);
        } finally {
            java.util.Arrays.fill(seal, (byte) 0);
        }
        store.save();
        Logger.info(
                "Collector CA created: subject={} fingerprint={} file={}",
                certificate.getSubjectX500Principal().getName(),
                Fingerprint.of(certificate),
                store.file());
        return new CollectorCa(store, keys.getPrivate(), certificate, nodeLifetime);
    }

    /** The self-signed CA certificate: the only trust anchor of nodes and of the collector's client checks. */
    public X509Certificate certificate() {
        return caCertificate;
    }

    /** SHA-256 of the CA certificate, as pinned in provisioning bundles. */
    public Fingerprint fingerprint() {
        return Fingerprint.of(caCertificate);
    }

    /** The lifetime given to node certificates. */
    public Duration nodeLifetime() {
        return nodeLifetime;
    }

    /** A copy of the key that seals enrolment PSKs at rest; the caller overwrites it. */
    byte[] sealKey() throws KeystoreException {
        return store.secret(SEAL_KEY)
                .orElseThrow(
                        () -> new KeystoreException(store.file() + ": no " + SEAL_KEY + " entry; the CA is damaged"));
    }

    /**
     * Issues a node certificate: subject {@code CN=<nodeId>}, clientAuth, valid from now (back-dated one minute)
     * for {@link #nodeLifetime()}, never beyond the CA's own notAfter.
     */
    public synchronized X509Certificate issueNode(PublicKey key, NodeId nodeId, Instant now) {
        Instant notAfter =
                min(now.plus(nodeLifetime), caCertificate.getNotAfter().toInstant());
        return sign(
                CertificateRequest.subjectFor(nodeId),
                key,
                now.minus(BACKDATE),
                notAfter,
                KeyPurposeId.id_kp_clientAuth,
                List.of());
    }

    /**
     * The collector's DTLS server identity for {@code names} (host names and address literals the nodes connect
     * to), re-issued and saved when the stored one names others or is past 2/3 of its life.
     *
     * @return the private key and the chain [server certificate, CA certificate]
     */
    public synchronized ServerIdentity serverIdentity(List<String> names, Instant now) throws KeystoreException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the server certificate needs at least one host name or address");
        }
        Set<String> wanted = new LinkedHashSet<>(names);
        Optional<PrivateKey> key = store.privateKey(SERVER_KEY);
        List<X509Certificate> chain = store.chain(SERVER_KEY);
        if (key.isPresent() && !chain.isEmpty() && current(chain.get(0), wanted, now)) {
            return new ServerIdentity(key.get(), chain);
        }
        KeyPair keys = NodeKeys.generate();
        List<GeneralName> san = new ArrayList<>();
        for (String name : wanted) {
            san.add(
                    ADDRESS.matcher(name).matches()
                            ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, wanted.iterator().next())
                .build();
        X509Certificate server = sign(
                subject,
                keys.getPublic(),
                now.minus(BACKDATE),
                min(now.plus(SERVER_LIFETIME), caCertificate.getNotAfter().toInstant()),
                KeyPurposeId.id_kp_serverAuth,
                san);
        List<X509Certificate> newChain = List.of(server, caCertificate);
        store.putPrivateKey(SERVER_KEY, keys.getPrivate(), newChain);
        store.save();
        Logger.info(
                "Collector server certificate issued: names={} notAfter={}",
                wanted,
                server.getNotAfter().toInstant());
        return new ServerIdentity(keys.getPrivate(), newChain);
    }

    /** The collector's DTLS key and chain. {@link #toString()} holds no key. */
    public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {
        public ServerIdentity {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
        }

        @Override
        public String toString() {
            return "ServerIdentity[subject="
                    + chain.get(0).getSubjectX500Principal().getName() + ", key=(redacted)]";
        }
    }

    private static boolean current(X509Certificate server, Set<String> wanted, Instant now) {
        Instant from = server.getNotBefore().toInstant();
        Instant to = server.getNotAfter().toInstant();
        Instant renewAt = from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
        return now.isBefore(renewAt) && !now.isBefore(from) && names(server).equals(normalised(wanted));
    }

    private static Set<String> names(X509Certificate certificate) {
        Set<String> out = new LinkedHashSet<>();
        try {
            Collection<List<?>> san = certificate.getSubjectAlternativeNames();
            if (san != null) {
                san.forEach(n -> out.add(normalise(String.valueOf(n.get(1)))));
            }
        } catch (CertificateException e) {
            // unreadable: treated as naming nothing, so it is re-issued
        }
        return out;
    }

    private static Set<String> normalised(Set<String> names) {
        Set<String> out = new LinkedHashSet<>();
        names.forEach(n -> out.add(normalise(n)));
        return out;
    }

    private static String normalise(String name) {
        if (ADDRESS.matcher(name).matches()) {
            try {
                return InetAddress.getByName(name).getHostAddress(); // a literal: no look-up
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private synchronized X509Certificate sign(
            X500Name subject,
            PublicKey key,
            Instant notBefore,
            Instant notAfter,
            KeyPurposeId purpose,
            List<GeneralName> san) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    caCertificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCertificate));
            if (!san.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0])));
            }
            return convert(builder, caKey);
        } catch (CertIOException | java.security.NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("the CA cannot build a certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, Instant now) {
        byte[] tag = new byte[4];
        NodeId.nonBlockingRandom().nextBytes(tag);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(
                        BCStyle.CN,
                        "fieldnode collector CA " + java.util.HexFormat.of().formatHex(tag))
                .build();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    serial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_LIFETIME)),
                    subject,
                    keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return convert(builder, keys.getPrivate());
        } catch (CertIOException | java.security.NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("cannot create the CA certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate convert(X509v3CertificateBuilder builder, PrivateKey signer)
            throws CertificateException {
        try {
            return new JcaX509CertificateConverter()
                    .setProvider(CryptoProvider.bc())
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE)
                            .setProvider(CryptoProvider.bc())
                            .build(signer)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the CA key: " + e.getMessage(), e);
        }
    }

    /** 128 random bits, made positive and non-zero. */
    private static BigInteger serial() {
        byte[] bits = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(bits);
        bits[0] &= 0x7F;
        bits[0] |= 0x40;
        return new BigInteger(bits);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void restrict(Path dir) {
        try {
            java.nio.file.Files.setPosixFilePermissions(
                    dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            Logger.warn("Cannot make {} private to its owner: {}", dir, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CollectorCa[" + caCertificate.getSubjectX500Principal().getName() + ", " + fingerprint() + "]";
    }
}
