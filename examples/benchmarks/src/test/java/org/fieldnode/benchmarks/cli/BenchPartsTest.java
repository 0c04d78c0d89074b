// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fieldnode.benchmarks.BenchPart;
import org.junit.jupiter.api.Test;

/** {@code bench --only}: parts by id, in running order, JMH only when asked for. */
class BenchPartsTest {
    @Test
    void ids_areUnique_andJmhComesLast() {
        assertThat(BenchParts.ids()).containsExactly("wire", "x509", "node", "collector", "jmh");
    }

    @Test
    void aPlainRun_leavesJmhOut_unlessAskedFor() {
        assertThat(BenchParts.forRun(false)).extracting(BenchPart::id).doesNotContain("jmh");
        assertThat(BenchParts.forRun(true)).extracting(BenchPart::id).endsWith("jmh");
    }

    @Test
    void only_runsTheNamedParts_inRunningOrder() {
        assertThat(BenchParts.only(List.of("x509", "wire", "x509")))
                .extracting(BenchPart::id)
                .containsExactly("wire", "x509");
        assertThat(BenchParts.only(List.of("jmh"))).extracting(BenchPart::id).containsExactly("jmh");
    }

    @Test
    void only_refusesAnUnknownPart_inOneSentenceNamingTheParts() {
        assertThatThrownBy(() -> BenchParts.only(List.of("wire", "disk")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no bench part named disk; the parts are wire, x509, node, collector, jmh");
    }
}
