// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.fieldnode.collector.est.EnrolmentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R14, R16, R18 on the collector's built configuration with enrolment: exactly the two CCM_8 suites. */
class ServerConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void withCertificates_onlyTheTwoCcm8Suites_p256_emsRequired_clientAuthNeeded_cid() throws Exception {
        try (EnrolmentServer enrolment = EnrolmentServer.open(dir, List.of("127.0.0.1"), InstantSource.system())) {
            Configuration config = ServerConfiguration.coap();
            ServerConfiguration.acceptCertificates(config);
            DtlsConnectorConfig dtls = ServerConfiguration.dtls(
                    config,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new DirectoryPskStore(enrolment.bootstrapCredentials()),
                    enrolment);

            assertThat(dtls.getSupportedCipherSuites())
                    .containsExactlyInAnyOrder(
                            CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
            assertThat(dtls.getSupportedGroups()).containsExactly(SupportedGroup.secp256r1);
            assertThat(dtls.get(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE))
                    .isEqualTo(ExtendedMasterSecretMode.REQUIRED);
            assertThat(dtls.get(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE))
                    .isEqualTo(CertificateAuthenticationMode.NEEDED);
            assertThat(dtls.get(DtlsConfig.DTLS_ROLE)).isEqualTo(DtlsConfig.DtlsRole.SERVER_ONLY);
            assertThat(dtls.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH))
                    .isEqualTo(ServerConfiguration.CONNECTION_ID_LENGTH);
        }
    }
}
