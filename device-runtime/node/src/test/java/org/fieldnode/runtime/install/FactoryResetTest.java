// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.QueueSettings;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.NodeIdFile;
import org.fieldnode.security.store.WrappingKeyFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY R12: a factory reset leaves nothing of the old identity — keystore crypto-erased, queue, desired
 * configuration, status, DTLS session, bundle and node id gone — so the next identity starts at sequence 0 with a new
 * id. SECURITY R34: it runs as root in the service user's directory and follows no link while it does.
 */
class FactoryResetTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;

    private Path data;
    private Path wrapping;
    private NodeId old;

    @BeforeEach
    void aNodeThatRanAndQueuedReadings() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        wrapping = tmp.resolve("etc/wrapping.key");
        Files.createDirectories(wrapping.getParent());
        old = NodeIdFile.loadOrCreate(data.resolve(NodeIdFile.NAME));
        EncryptedKeystore keystore =
                EncryptedKeystore.openOrCreate(data.resolve(EnrolledNode.KEYSTORE), new WrappingKeyFile(wrapping));
        keystore.putSecret("enrolment-psk/00", new byte[16]);
        keystore.save();
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(QueueSettings.defaults(data.resolve(EnrolledNode.QUEUE)))) {
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                readings.add(new Reading("env0", Channel.AMBIENT_TEMPERATURE, 20 + i, i, Instant.now()));
            }
            queue.append(readings);
        }
        for (String name : List.of(
                "fieldnode-bundle.txt",
                EnrolledNode.BUNDLE_SETTINGS,
                EnrolledNode.SECURITY_STATE,
                EnrolledNode.SESSION_STATE,
                EnrolledNode.DESIRED_CONFIG,
                "status",
                "status.tmp")) {
            Files.writeString(data.resolve(name), "node=" + old + "\n");
        }
    }

    @Test
    void reset_removesEveryPieceOfTheOldIdentity_andTheNextStartIsANewNodeAtSequenceZero() throws Exception {
        FactoryReset.Result result = FactoryReset.run(data, new WrappingKeyFile(wrapping));

        assertThat(result.node()).isEqualTo(old.value());
        assertThat(wrapping).doesNotExist();
        assertThat(data).isEmptyDirectory();
        assertThat(result.removed()).contains(data.resolve("queue"), data.resolve("config-applied"));
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(QueueSettings.defaults(data.resolve(EnrolledNode.QUEUE)))) {
            assertThat(queue.size()).isZero();
            assertThat(queue.nextSequence()).isZero();
        }
        assertThat(NodeIdFile.loadOrCreate(data.resolve(NodeIdFile.NAME))).isNotEqualTo(old);
    }

    @Test
    void installedNode_keepsItsStatusLink_butTheStatusItNamesIsRemoved() throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("run/fieldnode"));
        Path status = Files.writeString(runtime.resolve("status"), "node=" + old + "\n");
        Files.delete(data.resolve("status"));
        Files.createSymbolicLink(data.resolve("status"), status);
        if (ROOT) { // as installed: the data and runtime directories belong to the service user, never to root
            UserPrincipal nobody = nobody();
            Files.setOwner(data, nobody);
            Files.setOwner(runtime, nobody);
        }

        FactoryReset.run(data, new WrappingKeyFile(wrapping));

        assertThat(status).doesNotExist();
        assertThat(Files.readSymbolicLink(data.resolve("status"))).isEqualTo(status);
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left).containsExactly(data.resolve("status"));
        }
    }

    static Stream<String> stateNames() {
        return FactoryReset.NODE_STATE.stream();
    }

    /** R34: a link planted at any name the reset removes is removed itself; what it points at is not touched. */
    @ParameterizedTest
    @MethodSource("stateNames")
    void linkAtAnyStateName_isRemoved_notFollowed(String name) throws Exception {
        Path victim = Files.writeString(tmp.resolve("shadow"), "root:$6$x:1:0\n");
        Path victimDir = Files.createDirectories(tmp.resolve("etc-like"));
        Files.writeString(victimDir.resolve("passwd"), "root:x:0:0\n");
        Path entry = data.resolve(name);
        deleteTree(entry);
        deleteTree(data.resolve(name + ".tmp"));
        Files.createSymbolicLink(entry, name.equals(EnrolledNode.QUEUE) ? victimDir : victim);
        Files.createSymbolicLink(data.resolve(name + ".tmp"), victim);

        FactoryReset.run(data, new WrappingKeyFile(wrapping));

        assertThat(victim).hasContent("root:$6$x:1:0");
        assertThat(victimDir.resolve("passwd")).hasContent("root:x:0:0");
        assertThat(data.resolve(name + ".tmp")).doesNotExist();
        if (!name.equals("status")) {
            assertThat(Files.exists(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .isFalse();
        }
    }

    /** R34: a link inside the queue directory (to a directory of root's) is removed, never descended into. */
    @Test
    void linkInsideTheQueue_isRemoved_notDescendedInto() throws Exception {
        Path victimDir = Files.createDirectories(tmp.resolve("etc-like"));
        Files.writeString(victimDir.resolve("passwd"), "root:x:0:0\n");
        Files.createSymbolicLink(data.resolve("queue/00000000.seg.old"), victimDir);

        FactoryReset.run(data, new WrappingKeyFile(wrapping));

        assertThat(victimDir.resolve("passwd")).hasContent("root:x:0:0");
        assertThat(data.resolve("queue")).doesNotExist();
    }

    /** As root: a status link into a directory of another user than the node's is left alone. */
    @Test
    void asRoot_statusLinkIntoADirectoryOfAnotherUser_leavesThatFileAlone() throws Exception {
        assumeTrue(ROOT, "chown to another user needs root (CI runs as root); skipped here");
        Files.setOwner(data, nobody());
        Path rootsDir = Files.createDirectories(tmp.resolve("etc"));
        Path shadow = Files.writeString(rootsDir.resolve("shadow"), "root:$6$x:1:0\n");
        Files.delete(data.resolve("status"));
        Files.createSymbolicLink(data.resolve("status"), shadow);

        FactoryReset.run(data, new WrappingKeyFile(wrapping));

        assertThat(shadow).hasContent("root:$6$x:1:0");
    }

    @Test
    void dataDirectoryThatIsALink_isRefusedWithOneLine() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("linked"), data);

        FactoryReset.RefusedException e = catchThrowableOfType(
                FactoryReset.RefusedException.class, () -> FactoryReset.run(link, new WrappingKeyFile(wrapping)));

        assertThat(e.getMessage())
                .isEqualTo(link + " is a symbolic link; a privileged step never writes through one"
                        + " (SECURITY R34): remove it and try again");
        assertThat(data.resolve(NodeIdFile.NAME)).exists();
    }

    private UserPrincipal nobody() throws Exception {
        return data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p :
                    all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
