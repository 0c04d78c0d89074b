// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.junit.jupiter.api.Test;

/**
 * {@code fieldnode demo --protocol lwm2m}, shortened: the node enrols with the collector's CA, then reports with that
 * certificate to Eclipse Leshan's server in process, and the server received every reading the node saw acknowledged.
 */
class Lwm2mDemoIT {
    @Test
    void demoLwm2m_enrols_thenEveryAcknowledgedReadingReachesTheLeshanServer() throws Exception {
        StringWriter text = new StringWriter();

        Demo.Result result = new Demo(
                        Demo.PROFILE,
                        SenmlFormat.CBOR,
                        Duration.ofSeconds(5),
                        new PrintWriter(text),
                        Optional.empty(),
                        Demo.Protocol.LWM2M)
                .run();

        String output = text.toString();
        assertThat(result.consistent()).as(output).isTrue();
        assertThat(result.stored()).isPositive().isEqualTo((int) result.node().acknowledged());
        assertThat(output).containsPattern("enrolment: node=fieldnode-[0-9a-f]{16} state=OK");
        assertThat(output)
                .containsPattern(
                        "reading device=fieldnode-[0-9a-f]{16} path=/3303/0/5700 value=-?\\d+\\.\\d+ time=\\S+Z")
                .contains("path=/3304/0/5700")
                .contains("path=/3315/0/5700");
    }
}
