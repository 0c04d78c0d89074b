// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.SecurityEventFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R29 on the collector: events with the node's fixed codes and fields, in the data directory's bounded
 * file, peer text neutralised, and a flood of authentication failures rate-limited.
 */
class CollectorEventsTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownPskIdentity_isAnAuthenticationFailure_neutralised() {
        List<SecurityEvent> events = new ArrayList<>();
        DirectoryPskStore store = new DirectoryPskStore(
                identity -> Optional.empty(), new CollectorEvents(events::add, InstantSource.system(), () -> false));

        PskSecretResult result = store.requestPskSecretResult(
                new org.eclipse.californium.scandium.dtls.ConnectionId(new byte[] {1}),
                null,
                new PskPublicInformation("stranger\r\ncode=FN-SEC-1002"),
                "HmacSHA256",
                null,
                null,
                true);

        assertThat(result.getSecret()).isNull();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(SecurityEventCode.AUTHENTICATION_FAILED);
            assertThat(e.toLine())
                    .contains("time-quality=unsynchronised node=- code=FN-SEC-3001 event=authentication_failed")
                    .contains("stranger\\u000d\\u000acode=FN-SEC-1002")
                    .doesNotContain("\r", "\n");
        });
    }

    @Test
    void theServingCollectorsEvents_goToTheDataDirectoryFile_rateLimitedForPeerProvokedCodes() throws Exception {
        CollectorEvents events = CollectorEvents.in(dir);

        for (int i = 0; i < 100; i++) {
            events.record(SecurityEventCode.AUTHENTICATION_FAILED, null, "unknown identity " + i);
        }
        events.record(SecurityEventCode.ENROLLED, "fieldnode-0123456789abcdef", "device=weather-07");

        List<String> lines = Files.readAllLines(dir.resolve(SecurityEventFile.FILE_NAME));
        assertThat(lines).filteredOn(l -> l.contains("code=FN-SEC-3001")).hasSize(10);
        assertThat(lines)
                .last()
                .asString()
                .contains("node=fieldnode-0123456789abcdef code=FN-SEC-1002 event=enrolled severity=info");
    }

    /** A sealed enrolment key that no longer opens with the CA's seal key: refused, and an integrity event. */
    @Test
    void aDamagedSealedKey_isAnIntegrityFailure() throws Exception {
        try (EnrolmentServer enrolment = EnrolmentServer.open(dir, List.of("127.0.0.1"), InstantSource.system())) {
            BundleSettings issued = enrolment
                    .bundles()
                    .issue(
                            ProvisioningBundles.Request.of("soil-01", URI.create("coaps://collector.example:5684")),
                            dir.resolve("soil.bundle"),
                            Instant.now());
            try (Connection c =
                    DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteEnrolmentRecords.FILE_NAME))) {
                c.createStatement().execute("UPDATE credentials SET sealed_key = zeroblob(60)");
            }

            assertThat(enrolment.bootstrapCredentials().lookup(issued.pskIdentity()))
                    .isEmpty();
        }
        assertThat(Files.readString(dir.resolve(SecurityEventFile.FILE_NAME)))
                .contains("code=FN-SEC-1042 event=bundle_issued")
                .contains("code=FN-SEC-4003 event=integrity_failure severity=error detail=\"enrolment credential "
                        + "enrol-");
    }
}
