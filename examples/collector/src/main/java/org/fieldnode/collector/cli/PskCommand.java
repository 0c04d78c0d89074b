// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.collector.PskDirectoryFile.PskDirectoryException;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector psk add DEVICE --out FILE}: a development node's pre-shared key without hand-made hex
 * (issue 15). Writes the node's PSK file ({@code identity=DEVICE}, {@code key=HEX}, mode 0600) and appends the
 * matching {@code DEVICE=HEX} line to the collector's {@code psk-directory} (made 0600 when new). The key is 32 random
 * bytes (RFC 7925 §4.2 asks for at least 16 of entropy) and is printed nowhere.
 */
@Command(
        name = "psk",
        mixinStandardHelpOptions = true,
        description = {
            "Pre-shared keys of development nodes (enrolled nodes need none).",
            "  add DEVICE --out FILE    write the node's PSK file and its psk-directory line"
        },
        subcommands = {PskCommand.Add.class})
final class PskCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Make a key for DEVICE: FILE (mode 0600) is the node's --psk-file, and DATA/psk-directory gets the",
                "matching line (restart serve to load it). Ends with: psk: added device=DEVICE file=FILE directory=PATH"
            })
    static final class Add implements Callable<Integer> {
        /** What a PSK identity may be here: it names the device in exports and on the page. */
        private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

        private static final int KEY_BYTES = 32;

        @Spec
        private CommandSpec spec;

        @Mixin
        private DataDirectoryOption dataDirectory;

        @Parameters(paramLabel = "DEVICE", description = "The node's PSK identity, e.g. weather-01.")
        private String device;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "The node's PSK file to write; it must not exist yet.")
        private Path out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                Path directory = add();
                spec.commandLine()
                        .getOut()
                        .println("psk: added device=" + device + " file=" + out + " directory=" + directory);
                return 0;
            } catch (UserError e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println(spec.qualifiedName() + ": failed: " + e.getMessage());
                return 1;
            }
        }

        private Path add() throws UserError, IOException, StoreException {
            if (!DEVICE.matcher(device).matches()) {
                throw new UserError("DEVICE must be 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or"
                        + " digit, got '" + Arguments.printable(device) + "'");
            }
            if (device.startsWith(EnrolmentRegistry.CREDENTIAL_PREFIX)) {
                throw new UserError("names starting with '" + EnrolmentRegistry.CREDENTIAL_PREFIX
                        + "' belong to enrolment bundles; choose another name");
            }
            Path data = dataDirectory.path();
            if (!Files.isDirectory(data)) {
                throw new UserError("no collector data directory " + data + "; create it (mkdir -m 700 " + data
                        + ") or give --data-dir DIR");
            }
            Path directory = data.resolve(PskDirectoryFile.FILE_NAME);
            if (Files.exists(directory)) {
                try {
                    if (PskDirectoryFile.read(directory).lookup(device).isPresent()) {
                        throw new UserError(
                                "'" + device + "' is in " + directory + " already; remove its line to replace its key");
                    }
                } catch (PskDirectoryException e) {
                    throw new UserError(e.getMessage());
                }
            }
            // PSK identities, node ids and device names are one namespace (SECURITY R8).
            if (Files.isRegularFile(data.resolve(SqliteEnrolmentRecords.FILE_NAME))) {
                try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(data)) {
                    if (records.knows(device)) {
                        throw new UserError("'" + device + "' names an enrolled node or a bundle here; PSK identities,"
                                + " node ids and device names are one namespace: choose another name");
                    }
                }
            }
            if (Files.exists(out)) {
                throw new UserError(out + " exists already; give --out a new file");
            }
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String hex = HexFormat.of().formatHex(key);
            Arrays.fill(key, (byte) 0);
            try {
                Files.createFile(
                        out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new UserError(out + " exists already; give --out a new file");
            }
            Files.writeString(out, "identity=" + device + "\nkey=" + hex + "\n", StandardCharsets.US_ASCII);
            if (!Files.exists(directory)) {
                Files.createFile(
                        directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(
                        directory,
                        "# fieldnode collector: nodes allowed to report (chmod 600)\n",
                        StandardCharsets.US_ASCII);
            }
            Files.writeString(
                    directory, device + "=" + hex + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            return directory;
        }
    }
}
