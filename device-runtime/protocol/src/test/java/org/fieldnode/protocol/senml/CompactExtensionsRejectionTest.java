// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The compact-pack extensions {@code dt_}, {@code to_} and {@code df_}: how they resolve, and misuse refused. */
class CompactExtensionsRejectionTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuse")
    void misuse_isRefusedWithOneLine(String why, String json, String message) {
        assertThatThrownBy(() -> SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .isInstanceOf(SenmlException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> misuse() {
        return Stream.of(
                Arguments.of(
                        "zero step",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"dt_\":0,\"v\":1}]",
                        "record 0: \"dt_\" 0.0 s is not a time step: it must be at least 1 µs and at most 366 days"),
                Arguments.of(
                        "negative step",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"v\":1},{\"dt_\":-300,\"v\":2}]",
                        "record 1: \"dt_\" -300.0 s is not a time step: it must be at least 1 µs and at most 366"
                                + " days"),
                Arguments.of(
                        "step below a microsecond",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"dt_\":1e-9,\"v\":1}]",
                        "record 0: \"dt_\" 1.0E-9 s is not a time step: it must be at least 1 µs and at most 366"
                                + " days"),
                Arguments.of(
                        "step of years",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"dt_\":1e9,\"v\":1}]",
                        "record 0: \"dt_\" 1.0E9 s is not a time step: it must be at least 1 µs and at most 366"
                                + " days"),
                Arguments.of(
                        "text step",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"dt_\":\"5m\",\"v\":1}]",
                        "record 0: \"dt_\" must be a number"),
                Arguments.of(
                        "time order later",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"v\":1},{\"to_\":1,\"v\":2}]",
                        "record 1: \"to_\" applies to the whole pack and belongs in record 0 only"),
                Arguments.of(
                        "decimal floats 2",
                        "[{\"bn\":\"a\",\"bt\":1700000000,\"df_\":2,\"v\":1}]",
                        "record 0: \"df_\" must be 1"),
                Arguments.of(
                        "steps past year 9999",
                        "[{\"bn\":\"a\",\"bt\":253402300000,\"dt_\":31536000,\"v\":1},{\"v\":2}]",
                        "record 1: time from \"dt_\" is after year 9999"));
    }

    @Test
    void timeStep_resolvesFromThePreviousRecord_andTHoldsAsRfc8428Says() throws Exception {
        // t on record 2 is bt + t; record 3 steps from record 2, not from record 1.
        String json = "[{\"bn\":\"a\",\"bt\":1700000000,\"dt_\":300,\"v\":1},{\"v\":2},{\"t\":1200,\"v\":3},{\"v\":4}]";

        assertThat(SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .extracting(SenmlRecord::time)
                .containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(1200), T0.plusSeconds(1500));
    }

    @Test
    void timeOrder_returnsRecordsSortedByTime_equalTimesInPackOrder() throws Exception {
        String json = "[{\"bn\":\"t\",\"bt\":1700000000,\"dt_\":60,\"to_\":1,\"v\":1},{\"v\":2},"
                + "{\"bn\":\"h\",\"t\":0,\"v\":10},{\"v\":20}]";

        assertThat(SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .containsExactly(
                        new SenmlRecord("t", "", 1, T0),
                        new SenmlRecord("h", "", 10, T0),
                        new SenmlRecord("t", "", 2, T0.plusSeconds(60)),
                        new SenmlRecord("h", "", 20, T0.plusSeconds(60)));
    }
}
