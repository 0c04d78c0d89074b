// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.fieldnode.drivers.bus.pi4j.GpioChipLocator;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.config.Board;
import org.fieldnode.runtime.config.BoardBus;
import org.fieldnode.runtime.config.Boards;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.security.bundle.BundleException;
import org.fieldnode.security.bundle.BundleFormat;

/**
 * {@code fieldnode doctor}: checks what a node needs, in the order a field visit would, and says for each failure
 * what to do. Reads the machine through {@link HostFiles} below an injectable root, so tests run it on a fake tree
 * of a Raspberry Pi and it runs (and fails honestly) on any other machine.
 *
 * <ol>
 *   <li>{@code java}: feature version ≥ 21 (25 recommended) and the architecture;
 *   <li>{@code board}: {@code /proc/device-tree/model} is a supported board, the one the profile names;
 *   <li>{@code memory}: {@code MemTotal} and the heap the packaged launcher gives the node;
 *   <li>{@code profile}: the profile loads as {@code run} would load it;
 *   <li>{@code bus NAME} and {@code access NAME}: each real bus's device node exists, and the service user may
 *       read and write it;
 *   <li>{@code gpiochip}: a gpiochip with the board's label exists;
 *   <li>{@code time}: the clock is synchronised;
 *   <li>{@code identity}: node id, provisioning bundle, security state;
 *   <li>{@code storage}: the data directory is the service user's and has room for the queue's budget;
 *   <li>{@code collector}: the collector answers a DTLS hello.
 * </ol>
 */
public final class Doctor {
    /** A Raspberry Pi without RTC starts at its last saved time or 1970; anything before this is not set. */
    private static final Instant CLOCK_FLOOR = Instant.parse("2025-01-01T00:00:00Z");

    private static final String CONFIG_TXT = "/boot/firmware/config.txt";

    /**
     * What to examine.
     *
     * @param root the machine's root ({@code /}), or a fake tree
     * @param profile a profile file or built-in name; empty when there is none to check
     * @param dataDir the node's data directory
     * @param serviceUser the user the node runs as
     * @param collector the collector to probe; when empty, the profile's or the bundle's
     * @param timeout how long to wait for the collector
     * @param now the wall clock's reading
     */
    public record Settings(
            Path root,
            Optional<String> profile,
            Path dataDir,
            String serviceUser,
            Optional<URI> collector,
            Duration timeout,
            Instant now) {
        public Settings {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(serviceUser, "serviceUser");
            Objects.requireNonNull(collector, "collector");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(now, "now");
        }
    }

    private final Settings settings;
    private final ProfileLoader loader;
    private final Boards boards;
    private final HostFiles host;
    private final List<DoctorCheck> checks = new ArrayList<>();

    private Doctor(Settings settings, ProfileLoader loader, Boards boards) {
        this.settings = settings;
        this.loader = loader;
        this.boards = boards;
        this.host = new HostFiles(settings.root());
    }

    /** Runs every check, in order. */
    public static List<DoctorCheck> run(Settings settings, ProfileLoader loader, Boards boards) {
        return new Doctor(settings, loader, boards).runAll();
    }

    private List<DoctorCheck> runAll() {
        java();
        Optional<Board> machine = board();
        int profileAt = checks.size();
        Optional<Profile> profile = profile();
        DoctorCheck profileCheck = checks.remove(profileAt); // reported after the machine's own checks
        board(machine, profile);
        memory();
        add(profileCheck);
        profile.ifPresent(this::buses);
        gpiochip(machine, profile);
        time();
        identity();
        storage(profile);
        collector(profile);
        return List.copyOf(checks);
    }

    private void add(DoctorCheck check) {
        checks.add(check);
    }

    private void java() {
        int feature = Runtime.version().feature();
        String arch = System.getProperty("os.arch");
        String detail = "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ") on " + arch;
        if (feature < 21) {
            add(DoctorCheck.fail(
                    "java",
                    detail,
                    "install a Java runtime 21 or newer (openjdk-21-jre-headless, or Temurin 21/25) and set"
                            + " FIELDNODE_JAVA_HOME in /etc/default/fieldnode if it is not found"));
        } else if (arch.equals("arm") || arch.startsWith("armv")) {
            add(DoctorCheck.fail(
                    "java",
                    detail + ": a 32-bit runtime",
                    "flash the 64-bit Raspberry Pi OS (Lite): 32-bit Java gets no JIT on Pi Zero 2 W and half the"
                            + " speed elsewhere"));
        } else {
            add(DoctorCheck.pass("java", detail + (feature < 25 ? "; 25 is recommended on devices" : "")));
        }
    }

    /** The machine's board, from its device tree; records no check (see {@link #board(Optional, Optional)}). */
    private Optional<Board> board() {
        return host.read("/proc/device-tree/model").flatMap(boards::byModel);
    }

    private void board(Optional<Board> machine, Optional<Profile> profile) {
        Optional<String> model = host.read("/proc/device-tree/model");
        String wanted = profile.map(Profile::board).orElse("");
        if (model.isEmpty()) {
            if (wanted.equals(Boards.SIMULATED)) {
                add(DoctorCheck.pass("board", "no device tree, and the profile is simulated: any machine will do"));
            } else {
                add(DoctorCheck.fail(
                        "board",
                        "no /proc/device-tree/model: this is not a Raspberry Pi",
                        "run the node on one of " + String.join(", ", boards.compatibles())
                                + ", or try a simulated profile (fieldnode profile list)"));
            }
            return;
        }
        if (machine.isEmpty()) {
            add(DoctorCheck.fail(
                    "board",
                    "'" + model.get() + "' is not a supported board",
                    "supported: " + String.join(", ", boards.compatibles())));
            return;
        }
        String found = machine.get().compatible();
        if (!wanted.isEmpty() && boards.find(wanted).isPresent() && !wanted.equals(found)) {
            add(DoctorCheck.fail(
                    "board",
                    model.get() + " (" + found + "), but the profile is for " + wanted,
                    "add 'board: " + found + "' to the device's overlay (/etc/fieldnode/node.yaml) so pins are"
                            + " checked against this board"));
            return;
        }
        add(DoctorCheck.pass("board", model.get() + " (" + found + ")"));
    }

    private void memory() {
        OptionalInt total = host.memTotalMib();
        long heapMib = Runtime.getRuntime().maxMemory() >> 20;
        if (total.isEmpty()) {
            add(DoctorCheck.skip("memory", "no /proc/meminfo; this JVM's heap limit is " + heapMib + " MiB"));
            return;
        }
        int recommended = Board.recommendedHeapMib(total.getAsInt());
        String detail = "MemTotal " + total.getAsInt() + " MiB; node heap " + recommended + " MiB (-Xmx" + recommended
                + "m); this JVM's limit " + heapMib + " MiB";
        if (total.getAsInt() < 400) {
            add(DoctorCheck.fail(
                    "memory",
                    detail,
                    "fieldnode needs a board with at least 512 MiB; check gpu_mem in " + CONFIG_TXT
                            + " (16 is enough for a headless node)"));
        } else {
            add(DoctorCheck.pass("memory", detail));
        }
    }

    private Optional<Profile> profile() {
        if (settings.profile().isEmpty()) {
            add(DoctorCheck.fail(
                    "profile",
                    "no profile given",
                    "copy node.yaml to the boot partition (fieldnode/node.yaml) and reboot, or give --profile"));
            return Optional.empty();
        }
        String name = settings.profile().get();
        Path file = Path.of(name);
        if (name.contains("/") && !Files.exists(file)) {
            add(DoctorCheck.fail(
                    "profile",
                    name + " does not exist",
                    "copy node.yaml to the boot partition's fieldnode/ folder and reboot (firstboot puts it in"
                            + " place), or write it by hand; check it with: fieldnode profile check FILE"));
            return Optional.empty();
        }
        try {
            Profile profile = loader.load(name);
            add(DoctorCheck.pass(
                    "profile",
                    "%s: board=%s sensors=%d enabled=%d%s"
                            .formatted(
                                    name,
                                    profile.board(),
                                    profile.sensors().size(),
                                    profile.enabledSensors().size(),
                                    profile.node().name().map(n -> " name=" + n).orElse(""))));
            return Optional.of(profile);
        } catch (ProfileException e) {
            List<ProfileProblem> problems = e.problems();
            add(DoctorCheck.fail(
                    "profile",
                    problems.size() + " problem(s); first: " + problems.get(0),
                    "run: fieldnode profile check " + name + " (every problem with its line)"));
            return Optional.empty();
        }
    }

    private void buses(Profile profile) {
        Optional<Board> board = boards.find(profile.board());
        Optional<HostFiles.Account> account = host.account(settings.serviceUser());
        for (BusConfig bus : profile.buses().values()) {
            if (bus.simulated()) {
                add(DoctorCheck.skip("bus " + bus.name(), "simulated"));
                continue;
            }
            Optional<Path> node = deviceNode(bus);
            if (node.isEmpty()) {
                continue; // gpio: see the gpiochip check
            }
            Path path = host.resolve(node.get());
            String enable = board.flatMap(b -> boardBus(b, bus))
                    .map(b -> "add '" + b.enable() + "' to " + CONFIG_TXT + " and reboot")
                    .orElse("enable the bus in " + CONFIG_TXT + " (see the kit's wiring notes) and reboot");
            if (!Files.exists(path)) {
                add(DoctorCheck.fail("bus " + bus.name(), node.get() + " is missing", enable));
                continue;
            }
            add(DoctorCheck.pass("bus " + bus.name(), node.get() + " exists"));
            access(bus, node.get(), path, account);
        }
    }

    private void access(BusConfig bus, Path node, Path path, Optional<HostFiles.Account> account) {
        String name = "access " + bus.name();
        if (account.isEmpty()) {
            add(DoctorCheck.fail(
                    name,
                    "no user '" + settings.serviceUser() + "' in /etc/passwd",
                    "reinstall the fieldnode package: its postinst creates the user and adds it to i2c, gpio, spi"
                            + " and dialout"));
            return;
        }
        if (bus.kind().equals("onewire") || bus.kind().equals("iio")) {
            boolean readable = Files.isReadable(path);
            add(
                    readable
                            ? DoctorCheck.pass(name, node + " is readable (sysfs)")
                            : DoctorCheck.fail(name, node + " is not readable", "check the kernel driver's sysfs"));
            return;
        }
        Optional<HostFiles.Access> access = host.access(path);
        if (access.isEmpty()) {
            add(DoctorCheck.skip(name, "cannot read the owner and mode of " + node));
            return;
        }
        String detail = node + " " + access.get().describe(host);
        if (access.get().allowsReadWrite(account.get())) {
            add(DoctorCheck.pass(name, detail + "; " + settings.serviceUser() + " may read and write it"));
        } else {
            String group = host.groupName(access.get().gid());
            add(DoctorCheck.fail(
                    name,
                    detail + "; " + settings.serviceUser() + " may not read and write it",
                    "sudo usermod -aG " + group + " " + settings.serviceUser()
                            + " && sudo systemctl restart fieldnode"));
        }
    }

    /** The device node (or sysfs directory) a real bus opens; empty for GPIO (found by label). */
    private static Optional<Path> deviceNode(BusConfig bus) {
        return switch (bus.kind()) {
            case "i2c" -> Optional.of(Path.of("/dev/i2c-" + bus.number()));
            case "spi" -> Optional.of(Path.of("/dev/spidev" + bus.number() + "." + bus.chipSelect()));
            case "uart" -> bus.device();
            case "onewire" -> Optional.of(bus.root().orElse(BusConfig.DEFAULT_W1_ROOT));
            case "iio" -> Optional.of(bus.root().orElse(BusConfig.DEFAULT_IIO_ROOT));
            default -> Optional.empty();
        };
    }

    private static Optional<BoardBus> boardBus(Board board, BusConfig bus) {
        return switch (bus.kind()) {
            case "i2c", "spi" -> board.bus(bus.kind(), bus.number());
            case "uart" -> bus.device().flatMap(d -> board.busWithDevice("uart", d.toString()));
            case "onewire" ->
                board.busWithDevice(
                        "onewire", bus.root().orElse(BusConfig.DEFAULT_W1_ROOT).toString());
            default -> Optional.empty();
        };
    }

    private void gpiochip(Optional<Board> machine, Optional<Profile> profile) {
        boolean profileUsesGpio = profile.map(
                        p -> p.buses().values().stream().anyMatch(b -> b.kind().equals("gpio") && !b.simulated()))
                .orElse(false);
        if (machine.isEmpty() && !profileUsesGpio) {
            add(DoctorCheck.skip("gpiochip", "not a supported board and no GPIO bus in the profile"));
            return;
        }
        List<String> wanted = machine.map(b -> List.of(b.gpioChipLabel()))
                .orElse(org.fieldnode.drivers.bus.pi4j.BoardBuses.RASPBERRY_PI_GPIO_LABELS);
        List<GpioChipLocator.GpioChip> chips;
        try {
            chips = new GpioChipLocator(host.root()).chips();
        } catch (RuntimeException e) {
            chips = List.of();
        }
        Optional<GpioChipLocator.GpioChip> chip =
                chips.stream().filter(c -> wanted.contains(c.label())).findFirst();
        if (chip.isEmpty()) {
            add(DoctorCheck.fail(
                    "gpiochip",
                    "no gpiochip labelled " + String.join(" or ", wanted) + " (found: "
                            + (chips.isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            chips.stream()
                                                    .map(c -> c.name() + "=" + c.label())
                                                    .toList()))
                            + ")",
                    "use a Raspberry Pi OS kernel (the header's controller is named by its label), and check that"
                            + " the profile's board matches this machine"));
            return;
        }
        Path dev = host.resolve(chip.get().devicePath());
        if (!Files.exists(dev)) {
            add(DoctorCheck.fail(
                    "gpiochip",
                    chip.get().name() + "=" + chip.get().label() + " but "
                            + chip.get().devicePath() + " is missing",
                    "the GPIO character device comes with the kernel's gpiolib: update Raspberry Pi OS"));
            return;
        }
        add(DoctorCheck.pass(
                "gpiochip", chip.get().devicePath() + " is " + chip.get().label()));
    }

    private void time() {
        boolean synced = Files.exists(host.resolve("/run/systemd/timesync/synchronized"));
        if (settings.now().isBefore(CLOCK_FLOOR)) {
            add(DoctorCheck.fail(
                    "time",
                    "the clock reads " + settings.now() + ": it was never set",
                    "give the node network time (timedatectl set-ntp true; UDP port 123 out), or fit a DS3231"
                            + " RTC; readings stay queued with boot-relative times until then"));
        } else if (!synced) {
            add(DoctorCheck.fail(
                    "time",
                    "the clock reads " + settings.now() + " but is not synchronised"
                            + " (no /run/systemd/timesync/synchronized)",
                    "timedatectl set-ntp true, and allow UDP port 123 out; check: timedatectl timesync-status"));
        } else {
            add(DoctorCheck.pass("time", "synchronised; the clock reads " + settings.now()));
        }
    }

    private void identity() {
        Path dir = settings.dataDir();
        Path nodeId = dir.resolve("node-id");
        Path bundle = dir.resolve(BundleFormat.FILE_NAME);
        String bundleState = "no provisioning bundle";
        if (Files.isRegularFile(bundle)) {
            try {
                var parsed = BundleFormat.parse(bundle.toString(), Files.readAllBytes(bundle));
                bundleState = "bundle for " + parsed.settings().collector()
                        + (parsed.enrolmentCredential().isPresent() ? " (not imported yet)" : " (imported)");
            } catch (BundleException e) {
                add(DoctorCheck.fail(
                        "identity",
                        e.getMessage(),
                        "issue a new bundle for this node and copy it to" + " the boot partition (fieldnode/"
                                + BundleFormat.FILE_NAME + ")"));
                return;
            } catch (IOException e) {
                bundleState = "bundle unreadable (" + e.getClass().getSimpleName() + ")";
            }
        }
        if (!Files.isRegularFile(nodeId)) {
            add(DoctorCheck.fail(
                    "identity",
                    "no node id in " + dir + "; " + bundleState,
                    "the node has not run yet: sudo systemctl start fieldnode, then journalctl -u fieldnode"));
            return;
        }
        String id;
        try {
            id = Files.readString(nodeId, java.nio.charset.StandardCharsets.US_ASCII)
                    .strip();
        } catch (IOException e) {
            id = "(unreadable: " + e.getClass().getSimpleName() + ")";
        }
        Optional<Map<String, String>> status;
        try {
            status = StatusFile.read(dir);
        } catch (IOException e) {
            status = Optional.empty();
        }
        String state = status.map(s -> s.getOrDefault("state", "?")).orElse("unknown (not running)");
        String detail = "node " + id + " state " + state + "; " + bundleState;
        if (state.equals("OK")) {
            add(DoctorCheck.pass("identity", detail));
        } else {
            add(DoctorCheck.fail(
                    "identity",
                    detail,
                    "see 'fieldnode status' and journalctl -u fieldnode; BOOTSTRAP waits for the collector (next"
                            + " line), DEGRADED names its reasons"));
        }
    }

    private void storage(Optional<Profile> profile) {
        Path dir = settings.dataDir();
        if (!Files.isDirectory(dir)) {
            add(DoctorCheck.fail(
                    "storage",
                    dir + " does not exist",
                    "reinstall the fieldnode package (it creates " + dir + " for the service user)"));
            return;
        }
        long budget = profile.map(p -> p.queue().diskBudgetBytes()).orElse(0L);
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            long queued = size(dir.resolve("queue"));
            String detail = "%s: %d MiB free, queue holds %d KiB of a %d MiB budget"
                    .formatted(dir, usable >> 20, queued >> 10, budget >> 20);
            if (usable + queued < budget + (budget / 10)) {
                add(DoctorCheck.fail(
                        "storage",
                        detail,
                        "free space on the SD card, or lower queue.disk-budget in the device's overlay"));
            } else {
                add(DoctorCheck.pass("storage", detail));
            }
        } catch (IOException e) {
            add(DoctorCheck.fail("storage", dir + ": " + e.getMessage(), "check the SD card (dmesg)"));
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private void collector(Optional<Profile> profile) {
        Optional<URI> target = settings.collector()
                .or(() -> profile.flatMap(p -> p.report().collector()))
                .or(this::bundleCollector);
        if (target.isEmpty()) {
            add(DoctorCheck.fail(
                    "collector",
                    "no collector: none given, none in the profile or the provisioning bundle",
                    "copy the node's provisioning bundle to the boot partition, or give --collector coaps://HOST"));
            return;
        }
        CollectorProbe.Answer answer = CollectorProbe.probe(target.get(), settings.timeout());
        if (answer.reachable()) {
            add(DoctorCheck.pass("collector", answer.detail()));
        } else {
            add(DoctorCheck.fail(
                    "collector",
                    answer.detail(),
                    "check the network (ip route; ping the host), the collector address, and that the collector"
                            + " runs and its UDP port is open to this node"));
        }
    }

    private Optional<URI> bundleCollector() {
        Path bundle = settings.dataDir().resolve(BundleFormat.FILE_NAME);
        try {
            return Optional.of(BundleFormat.parse(bundle.toString(), Files.readAllBytes(bundle))
                    .settings()
                    .collector());
        } catch (IOException | BundleException e) {
            return Optional.empty();
        }
    }
}
