// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrolled node's day over real Scandium DTLS on loopback: the node enrols over EST, both figures are there and
 * plausible, the collector stored every reading sampled over the two days, and the day with the session kept costs
 * less than the day of the full handshake. Figures only: no byte budget is asserted (benchmarks never gate the build).
 */
class CertificateDayPartTest {
    @TempDir
    Path dir;

    @Test
    void twoDays_giveTheDayAndTheHandshakeFigures_andEveryReadingIsStored() throws Exception {
        StringWriter progress = new StringWriter();
        CertificateDayPart part = new CertificateDayPart();

        List<Figure> figures = part.measure(new BenchContext(true, dir, List.of(), new PrintWriter(progress)));

        assertThat(figures).extracting(Figure::key).containsExactly("wire_x509", "x509_handshake");
        assertThat(figures).allSatisfy(f -> assertThat(f.note()).as(f.key()).isNotBlank());
        CertificateDayPart.Days days = part.days().orElseThrow();
        // two days of 288 cycles of 4 values, plus the rain gauge's count when it moved (at least hourly)
        assertThat(days.sampled()).isBetween(2 * (288L * VirtualWeatherStation.VALUES_PER_CYCLE + 24), 2 * 288L * 5);
        assertThat(days.stored()).isEqualTo(days.sampled());
        assertThat(days.enrolmentBytes()).isPositive();
        // a full handshake carries both certificate chains, so it is larger than both of them together
        assertThat(days.handshakeBytes()).isGreaterThan(days.nodeChainBytes() + days.serverChainBytes());
        assertThat(figures.get(1).value()).isEqualTo(days.handshakeBytes());
        // 23 hourly deliveries (the outage's one is lost), the one after the outage carrying two hours
        assertThat(days.keptDayPosts()).isGreaterThanOrEqualTo(23);
        assertThat(days.dropped()).isPositive();
        // the session was kept all day: the restart continued it, the outage cost one resumption
        assertThat(days.keptDayHandshakes().full()).isZero();
        assertThat(days.keptDayHandshakes().abbreviated()).isEqualTo(1);
        // the resumed exchange has an abbreviated handshake: more than a POST, far less than a full handshake
        assertThat(days.resumedExchangeBytes()).isGreaterThan(days.exchangeBytes());
        assertThat(days.resumedExchangeBytes()).isLessThan(days.handshakeBytes());
        assertThat(days.resumptionBytes()).isPositive().isLessThan(days.handshakeBytes());
        // the restarted node continued its session: no handshake at all
        assertThat(days.restartExchangeBytes()).isLessThan(days.resumedExchangeBytes());
        assertThat(figures.get(0).value()).isEqualTo(days.keptDayBytes()).isLessThan(days.firstDayBytes());
        assertThat(progress.toString()).contains("bench: x509:");
    }
}
