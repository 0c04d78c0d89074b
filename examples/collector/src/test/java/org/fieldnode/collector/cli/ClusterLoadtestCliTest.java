// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code collector loadtest --members N --store URL}: a two-member cluster over a real PostgreSQL store stores every
 * acknowledged reading, with records forwarded between the members; the options go together.
 */
@ResourceLock("postgresql")
class ClusterLoadtestCliTest {
    private final CliRun cli = new CliRun();

    @Test
    void twoMembers_storeEveryAcknowledgedReading() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        assertThat(cli.run(
                        "collector",
                        "loadtest",
                        "--members",
                        "2",
                        "--store",
                        location.url(),
                        "--store-credentials",
                        System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS"),
                        "--nodes",
                        "6",
                        "--duration",
                        "3s"))
                .as(cli.out + "" + cli.err)
                .isZero();
        assertThat(cli.out.toString())
                .containsPattern("loadtest: members=2 nodes=6 duration_s=\\d+ reports=[1-9]\\d* stored=[1-9]\\d*"
                        + " errors=0 unanswered=0 req_per_s=\\d+ forwarded=[1-9]\\d*");
    }

    @Test
    void membersWithoutAStore_isAUsageError() {
        assertThat(cli.run("collector", "loadtest", "--members", "3")).isEqualTo(2);
        assertThat(cli.err.toString())
                .isEqualTo("fieldnode collector loadtest: --members and --store go together: --members N --store"
                        + " postgresql://HOST/DB\n");
    }
}
