// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.fieldnode.runtime.senml.SenmlFormat;
import org.junit.jupiter.api.Test;

/** The demo as `./fieldnode demo` runs it, shortened. */
class DemoIT {
    @Test
    void demo_printsReadingsInSiUnitsAndAConsistentSummary() throws Exception {
        StringWriter text = new StringWriter();

        Demo.Result result =
                new Demo(Demo.PROFILE, SenmlFormat.CBOR, Duration.ofSeconds(5), new PrintWriter(text)).run();

        assertThat(result.consistent()).isTrue();
        assertThat(result.stored()).isPositive();
        assertThat(result.node().sampled()).isEqualTo(result.stored());
        assertThat(result.summary()).matches("demo: sampled=\\d+ sent=\\d+ acknowledged=\\d+ stored=\\d+");
        assertThat(text.toString())
                .containsPattern(
                        "reading device=fieldnode-[0-9a-f]{16} name=env0/temperature value=-?\\d+\\.\\d+ unit=Cel time=\\S+Z")
                .contains("name=env0/humidity")
                .contains("unit=%RH")
                .contains("name=env0/pressure")
                .contains("unit=Pa");
    }
}
