// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Bounded fuzzing with jqwik generators, for every parser of outside input (SECURITY R35).
 *
 * <p>Each run draws {@code tries} inputs from an {@link Arbitrary} with a seeded {@link Random}: the CI budget
 * given by the suite, or {@code -Dfuzz.tries=N} for a longer run; {@code -Dfuzz.seed=S} replays a run (the seed is
 * in every failure message). Each input must pass its check within a time bound (no hang), checked preemptively.
 * It may allocate at most {@link #MAX_ALLOCATION_PER_INPUT} bytes on its thread (no unbounded allocation).
 * Inputs come from {@link #mutationsOf}: valid seeds damaged the way files and datagrams get damaged (flipped
 * bits, interesting bytes such as huge CBOR lengths, cut, duplicated or inserted runs), plus raw random bytes.
 *
 * <p>The number of inputs tried is added to {@code target/reliability/<suite>.txt} ({@code fuzz_inputs=N}), which
 * the build's closing {@code reliability:} line sums up.
 */
public final class FuzzRun {
    /** A check of one input; may throw what the parser's contract allows, caught by the check itself. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    private static final Map<String, Map<String, Long>> COUNTERS = new TreeMap<>();

    private FuzzRun() {}

    /** The number of inputs: {@code -Dfuzz.tries} when given, else the CI budget {@code ciTries}. */
    public static int tries(int ciTries) {
        return Integer.getInteger("fuzz.tries", ciTries);
    }

    /**
     * Checks {@link #tries(int)} inputs drawn from {@code inputs}, each within {@code perInput}.
     *
     * @return the number of inputs checked
     */
    public static <T> int run(String suite, Arbitrary<T> inputs, int ciTries, Duration perInput, Check<T> check) {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        int tries = tries(ciTries);
        int done = 0;
        JqwikSession.start(); // generators outside a jqwik property (jqwik 1.8+)
        try {
            RandomGenerator<T> generator = inputs.generator(1000);
            for (int i = 0; i < tries; i++) {
                T input = generator.next(random).value();
                int index = i;
                try {
                    assertTimeoutPreemptively(
                            perInput, () -> checkBounded(check, input), () -> describe(seed, index, input));
                } catch (Throwable e) {
                    throw new AssertionError(describe(seed, index, input) + ": " + e, e);
                }
                done++;
            }
        } finally {
            JqwikSession.finish();
            count(suite, "fuzz_inputs", done);
        }
        return done;
    }

    /** Most bytes one input may make the parser allocate: a length field claiming a huge size must not be believed. */
    public static final long MAX_ALLOCATION_PER_INPUT = 32L << 20;

    private static <T> void checkBounded(Check<T> check, T input) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        check.accept(input);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        if (allocated > MAX_ALLOCATION_PER_INPUT) {
            throw new AssertionError(
                    "allocated " + allocated + " bytes for one input (at most " + MAX_ALLOCATION_PER_INPUT + ")");
        }
    }

    /** Adds {@code n} to counter {@code key} of {@code suite} and rewrites {@code target/reliability/<suite>.txt}. */
    public static synchronized void count(String suite, String key, long n) {
        Map<String, Long> counters = COUNTERS.computeIfAbsent(suite, s -> new TreeMap<>());
        counters.merge(key, n, Long::sum);
        StringBuilder text = new StringBuilder();
        counters.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve(suite + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Valid {@code seeds} with 1 to 8 random mutations each, or (one time in eight) raw random bytes. */
    public static Arbitrary<byte[]> mutationsOf(List<byte[]> seeds) {
        List<byte[]> copies = List.copyOf(seeds);
        Arbitrary<byte[]> mutated =
                Arbitraries.randomValue(random -> mutate(copies.get(random.nextInt(copies.size())), random));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(7, mutated), net.jqwik.api.Tuple.of(1, raw));
    }

    /** Like {@link #mutationsOf} for text parsers: the mutated bytes read as UTF-8 (bad sequences become U+FFFD). */
    public static Arbitrary<String> textMutationsOf(List<String> seeds) {
        return mutationsOf(seeds.stream()
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .toList())
                .map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Bytes that parsers treat specially: zero, sign bits, CBOR's 1/2/4/8-byte length markers, break, brackets. */
    private static final int[] INTERESTING = {
        0x00, 0x01, 0x7F, 0x80, 0xFF, 0x18, 0x19, 0x1A, 0x1B, 0x1F, 0x5B, 0x7B, 0x9F, 0xBF, 0xFA, 0xFB, 0xF6, 0x22,
        0x5C, 0x0A, 0x0D, 0x3A, 0x2D, 0x30, 0x39, 0x23, 0x3D, 0x20
    };

    private static byte[] mutate(byte[] seed, Random random) {
        List<Byte> bytes = new ArrayList<>(seed.length + 16);
        for (byte b : seed) {
            bytes.add(b);
        }
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations; m++) {
            int size = bytes.size();
            int at = size == 0 ? 0 : random.nextInt(size);
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (size > 0) {
                        bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
                    }
                }
                case 1 -> {
                    if (size > 0) {
                        bytes.set(at, (byte) INTERESTING[random.nextInt(INTERESTING.length)]);
                    }
                }
                case 2 -> {
                    int n = Math.min(size - at, 1 + random.nextInt(8));
                    for (int i = 0; i < n; i++) {
                        bytes.remove(at);
                    }
                }
                case 3 -> {
                    int n = Math.min(size - at, 1 + random.nextInt(16));
                    bytes.addAll(at, new ArrayList<>(bytes.subList(at, at + n)));
                }
                case 4 -> {
                    int n = 1 + random.nextInt(8);
                    for (int i = 0; i < n; i++) {
                        bytes.add(at, (byte) random.nextInt(256));
                    }
                }
                case 5 -> {
                    if (size > 0) {
                        bytes.subList(at, size).clear();
                    }
                }
                default -> {
                    if (size > 0) {
                        bytes.set(at, (byte) random.nextInt(256));
                    }
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static String describe(long seed, int index, Object input) {
        String shown = input instanceof byte[] bytes
                ? "hex " + HexFormat.of().formatHex(bytes)
                : "'" + String.valueOf(input).replace("\n", "\\n") + "'";
        if (shown.length() > 2000) {
            shown = shown.substring(0, 2000) + "…";
        }
        return "fuzz.seed=" + seed + " input #" + index + " (" + shown + ")";
    }
}
