// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The files of the machine {@code doctor} examines, below an injectable root: {@code /} on a node; a fake tree
 * ({@code proc/}, {@code sys/}, {@code dev/}, {@code run/}, {@code etc/passwd}, {@code etc/group}) in tests, or a
 * mounted SD card on a workshop PC.
 */
final class HostFiles {
    private final Path root;

    HostFiles(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    Path root() {
        return root;
    }

    /** {@code absolute} (e.g. {@code /dev/i2c-1}) below the root. */
    Path resolve(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    Path resolve(Path absolute) {
        return resolve(absolute.toString());
    }

    /** The text of a small file (device-tree strings end in NUL; that is removed), or empty. */
    Optional<String> read(String absolute) {
        try {
            return Optional.of(Files.readString(resolve(absolute), StandardCharsets.UTF_8)
                    .replace("\0", "")
                    .strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code MemTotal} of {@code /proc/meminfo} in MiB. */
    OptionalInt memTotalMib() {
        return read("/proc/meminfo")
                .flatMap(text ->
                        text.lines().filter(l -> l.startsWith("MemTotal:")).findFirst())
                .map(l -> l.replaceAll("[^0-9]", ""))
                .filter(s -> !s.isEmpty())
                .map(kib -> OptionalInt.of((int) (Long.parseLong(kib) / 1024)))
                .orElse(OptionalInt.empty());
    }

    /** A user of {@code /etc/passwd}: uid, primary gid, and the groups of {@code /etc/group} it is a member of. */
    record Account(String name, int uid, int gid, Set<Integer> groups) {}

    Optional<Account> account(String user) {
        Optional<String> passwd = read("/etc/passwd");
        if (passwd.isEmpty()) {
            return Optional.empty();
        }
        for (String line : passwd.get().lines().toList()) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(user)) {
                try {
                    int uid = Integer.parseInt(f[2]);
                    int gid = Integer.parseInt(f[3]);
                    Set<Integer> groups = new HashSet<>();
                    groups.add(gid);
                    groupsOf(user, groups);
                    return Optional.of(new Account(user, uid, gid, groups));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private void groupsOf(String user, Set<Integer> groups) {
        read("/etc/group")
                .ifPresent(text -> text.lines().forEach(line -> {
                    String[] f = line.split(":", -1);
                    if (f.length >= 4 && List.of(f[3].split(",")).contains(user)) {
                        try {
                            groups.add(Integer.parseInt(f[2]));
                        } catch (NumberFormatException e) {
                            // a malformed line: not a group the user is in
                        }
                    }
                }));
    }

    /** The name of group {@code gid} in {@code /etc/group}, or the number. */
    String groupName(int gid) {
        return read("/etc/group")
                .flatMap(text -> text.lines()
                        .map(l -> l.split(":", -1))
                        .filter(f -> f.length >= 3 && f[2].equals(Integer.toString(gid)))
                        .map(f -> f[0])
                        .findFirst())
                .orElse(Integer.toString(gid));
    }

    /** Owner, group and mode of a file (links followed), from the {@code unix} attribute view. */
    record Access(int uid, int gid, int mode) {
        private static final int OWNER_RW = 0b110_000_000;
        private static final int GROUP_RW = 0b000_110_000;
        private static final int OTHERS_RW = 0b000_000_110;
        private static final int PERMISSION_BITS = 0b111_111_111;

        boolean allowsReadWrite(Account account) {
            if (account.uid() == 0) {
                return true;
            }
            if (account.uid() == uid) {
                return (mode & OWNER_RW) == OWNER_RW;
            }
            if (account.groups().contains(gid)) {
                return (mode & GROUP_RW) == GROUP_RW;
            }
            return (mode & OTHERS_RW) == OTHERS_RW;
        }

        String describe(HostFiles files) {
            return "mode %03o group %s".formatted(mode & PERMISSION_BITS, files.groupName(gid));
        }
    }

    Optional<Access> access(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode");
            return Optional.of(new Access((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode")));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
