// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.NodeProperties;

/**
 * The quantities of a Modbus device and where they are, read from a profile's {@code properties}: one group per
 * quantity of the vocabulary, plus a default {@code function}.
 *
 * <pre>{@code
 * properties:
 *   function: 3                                          # 3 holding (default) or 4 input registers
 *   soil_moisture: { register: 0x0000, type: uint16, scale: 0.1, unit: "%" }
 *   temperature:   { register: 0x0001, type: int16,  scale: 0.1, unit: Cel }
 *   conductivity:  { register: 0x0002, type: uint16, scale: 0.0001, unit: S/m }   # µS/cm to S/m
 *   power:         { register: 0x0010, type: float32, word-order: little, function: 4 }
 * }</pre>
 *
 * A group takes {@code register} (required, 0..65535), {@code type} ({@code int16}, {@code uint16} (default),
 * {@code int32}, {@code uint32}, {@code float32}), {@code word-order} ({@code big}, the default, or {@code little}, for
 * 32-bit types), {@code scale} (default 1), {@code offset} (default 0), {@code function} and {@code unit}: when given,
 * it must be the quantity's unit in the vocabulary, so that a pilot who copies µS/cm from a manual is told to scale to
 * S/m. Reads merge registers that follow one another into one transaction.
 */
public final class RegisterMap {
    /** The keys of a group. */
    static final Set<String> GROUP_KEYS =
            new TreeSet<>(Set.of("register", "type", "word-order", "scale", "offset", "function", "unit"));

    /** Quantities of the node's own health, never a device's. */
    private static final Set<Channel> HEALTH = EnumSet.of(
            Channel.QUEUED,
            Channel.DROPPED,
            Channel.STATE,
            Channel.UPTIME,
            Channel.STORAGE_FREE,
            Channel.DELIVERY,
            Channel.UNDELIVERED,
            Channel.REPORT_INTERVAL,
            Channel.SOFTWARE,
            Channel.PROFILE,
            Channel.PLACE);

    /** Every quantity a register map may hold: the vocabulary less the node's health. */
    public static final Set<Channel> QUANTITIES = EnumSet.complementOf(EnumSet.copyOf(HEALTH));

    private final List<RegisterSpec> specs;

    public RegisterMap(List<RegisterSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a register map needs at least one quantity");
        }
        this.specs = List.copyOf(specs);
    }

    public List<RegisterSpec> specs() {
        return specs;
    }

    public Set<Channel> channels() {
        return specs.stream()
                .map(RegisterSpec::channel)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class)));
    }

    /**
     * Reads the map from {@code properties}.
     *
     * @throws IllegalArgumentException naming the key, e.g. {@code properties.temperature.type: expected ...}
     */
    public static RegisterMap parse(Map<String, String> properties) {
        int function = function(properties, "function", 3);
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.equals("function")) {
                continue;
            }
            int dot = key.indexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException(
                        ("properties.%s: expected a quantity of the vocabulary with its register,"
                                        + " e.g. %s: { register: 0, type: uint16 }, or function")
                                .formatted(key, key));
            }
            groups.computeIfAbsent(key.substring(0, dot), q -> new LinkedHashMap<>())
                    .put(key.substring(dot + 1), e.getValue());
        }
        List<RegisterSpec> specs = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> group : groups.entrySet()) {
            specs.add(spec(group.getKey(), group.getValue(), function));
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(
                    "properties: expected at least one quantity with its register, e.g. temperature: { register: 1,"
                            + " type: int16, scale: 0.1 }");
        }
        return new RegisterMap(specs);
    }

    private static RegisterSpec spec(String quantity, Map<String, String> keys, int defaultFunction) {
        String prefix = "properties." + quantity;
        Channel channel = QUANTITIES.stream()
                .filter(c -> c.quantity().equals(quantity))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("%s: '%s' is not a quantity of the vocabulary (%s)"
                        .formatted(
                                prefix,
                                quantity,
                                QUANTITIES.stream()
                                        .map(Channel::quantity)
                                        .sorted()
                                        .collect(Collectors.joining(", ")))));
        for (String key : keys.keySet()) {
            if (!GROUP_KEYS.contains(key)) {
                throw new IllegalArgumentException("%s.%s: unknown key; a register takes %s"
                        .formatted(prefix, key, String.join(", ", GROUP_KEYS)));
            }
        }
        String group = quantity + ".";
        Map<String, String> scoped = new LinkedHashMap<>();
        keys.forEach((k, v) -> scoped.put(group + k, v));
        String registerText = keys.get("register");
        if (registerText == null) {
            throw new IllegalArgumentException(
                    prefix + ".register: missing; the register that holds " + quantity + ", 0..65535 (0x0000..0xFFFF)");
        }
        int register = integer(registerText, group + "register", 0, 0xFFFF);
        RegisterType type = Optional.ofNullable(keys.get("type"))
                .map(t -> RegisterType.of(t)
                        .orElseThrow(() ->
                                NodeProperties.invalid(group + "type", "int16, uint16, int32, uint32 or float32", t)))
                .orElse(RegisterType.UINT16);
        RegisterType.WordOrder order = Optional.ofNullable(keys.get("word-order"))
                .map(t -> RegisterType.WordOrder.of(t)
                        .orElseThrow(() -> NodeProperties.invalid(group + "word-order", "big or little", t)))
                .orElse(RegisterType.WordOrder.BIG);
        if (keys.containsKey("word-order") && type.registers() == 1) {
            throw new IllegalArgumentException(
                    "%s.word-order: only 32-bit types (int32, uint32, float32) have a word order".formatted(prefix));
        }
        if (register + type.registers() > 0x10000) {
            throw new IllegalArgumentException("%s.register: a %s at 0x%04X would run past register 0xFFFF"
                    .formatted(prefix, type.profileName(), register));
        }
        double scale = NodeProperties.decimal(scoped, group + "scale").orElse(1.0);
        if (scale == 0) {
            throw NodeProperties.invalid(group + "scale", "a factor other than 0", keys.get("scale"));
        }
        double offset = NodeProperties.decimal(scoped, group + "offset").orElse(0.0);
        int function = function(scoped, group + "function", defaultFunction);
        String unit = keys.get("unit");
        if (unit != null && !unit.trim().equals(channel.unit().senml())) {
            throw new IllegalArgumentException(
                    ("%s.unit: %s is measured in %s (SenML); got '%s': set scale to convert" + " the device's unit")
                            .formatted(prefix, quantity, channel.unit().senml(), unit));
        }
        return new RegisterSpec(channel, function, register, type, order, scale, offset);
    }

    private static int function(Map<String, String> properties, String key, int fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        int f = integer(value, key, 0, 0xFF);
        if (f != 3 && f != 4) {
            throw NodeProperties.invalid(key, "3 (holding registers) or 4 (input registers)", value);
        }
        return f;
    }

    private static int integer(String value, String key, int min, int max) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            int n = v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NodeProperties.invalid(key, "an integer %d..%d (or 0x%X..0x%X)".formatted(min, max, min, max), value);
    }

    /**
     * The reads that fetch every value: registers of one function that follow one another (or overlap) are read in
     * one transaction of at most 125 registers; a gap starts a new read, since a device may refuse registers it lacks.
     */
    List<Read> reads() {
        List<RegisterSpec> sorted = new ArrayList<>(specs);
        sorted.sort(Comparator.comparingInt(RegisterSpec::function).thenComparingInt(RegisterSpec::register));
        List<Read> reads = new ArrayList<>();
        List<RegisterSpec> current = new ArrayList<>();
        int function = -1;
        int start = 0;
        int end = 0;
        for (RegisterSpec spec : sorted) {
            boolean joins = spec.function() == function && spec.register() <= end && spec.end() - start <= 125;
            if (!joins && !current.isEmpty()) {
                reads.add(new Read(function, start, end - start, current));
                current = new ArrayList<>();
            }
            if (!joins) {
                function = spec.function();
                start = spec.register();
                end = spec.end();
            }
            end = Math.max(end, spec.end());
            current.add(spec);
        }
        reads.add(new Read(function, start, end - start, current));
        return reads;
    }

    /** One transaction: {@code count} registers from {@code start} with {@code function}, and what they hold. */
    record Read(int function, int start, int count, List<RegisterSpec> specs) {
        Read {
            specs = List.copyOf(specs);
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(specs.toArray());
    }
}
