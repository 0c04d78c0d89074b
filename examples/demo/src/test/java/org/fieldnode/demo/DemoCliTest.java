// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's commands report a bad option as every {@code fieldnode} command does: one line naming the command. */
class DemoCliTest {
    @Test
    void demo_badOption_isOneLineNamingTheCommand_exit2() {
        Cli run = Cli.run("demo", "--format", "xml");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("fieldnode demo: --format must be cbor or json, got 'xml'\nTry 'fieldnode demo --help'.\n");
    }

    @Test
    void soak_badOption_isOneLineNamingTheCommand_exit2() {
        Cli run = Cli.run("soak", "--loss", "95");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("fieldnode soak: --loss must be 0..90, got 95\nTry 'fieldnode soak --help'.\n");
    }
}
