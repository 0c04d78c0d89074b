// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a driver project that builds outside this tree: its own Maven wrapper, a pom that imports
 * {@code fieldnode-bom}, a driver and its factory, a simulator shipped as a plug-in, the driver kit's contract test,
 * a test of the driver against its simulator, an ArchUnit rule that keeps the driver on the public API, a simulated
 * profile and a README. The templates are resources under {@code driver-template/}: a set per bus kind over a common
 * set, listed in each set's {@code files.txt} as {@code template -> target path}, with {@code @NAME@} placeholders.
 */
final class DriverScaffold {
    /** The buses a project can be made for, and the template sets each takes, later ones winning. */
    static final Map<String, List<String>> BUSES = new LinkedHashMap<>();

    static {
        BUSES.put("i2c", List.of("common", "register", "i2c"));
        BUSES.put("spi", List.of("common", "register", "spi"));
        BUSES.put("uart", List.of("common", "uart"));
        BUSES.put("modbus", List.of("common", "modbus"));
        BUSES.put("w1", List.of("common", "w1"));
    }

    /** {@code vendor,part} as the driver kit checks it, lower case. */
    static final Pattern COMPATIBLE = Pattern.compile("([a-z][a-z0-9-]*),([a-z0-9][a-z0-9_.+-]*)");

    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");
    private static final String ROOT = "driver-template/";

    /** What the project is. */
    record Request(String compatible, String bus, Path dir, String javaPackage) {}

    private DriverScaffold() {}

    /** The default Java package for {@code compatible}: {@code org.example.<vendor>.<part>}. */
    static String defaultPackage(String compatible) {
        Matcher m = COMPATIBLE.matcher(compatible);
        if (!m.matches()) {
            throw badCompatible(compatible);
        }
        return "org.example." + identifier(m.group(1)) + "." + identifier(m.group(2));
    }

    private static IllegalArgumentException badCompatible(String compatible) {
        return new IllegalArgumentException(
                "--compatible must be vendor,part in lower case, e.g. acme,tmp42; got '" + compatible + "'");
    }

    /** Checks {@code request}; the message of the exception is a sentence for the user. */
    static void check(Request request) {
        if (!COMPATIBLE.matcher(request.compatible()).matches()) {
            throw badCompatible(request.compatible());
        }
        if (!BUSES.containsKey(request.bus())) {
            throw new IllegalArgumentException(
                    "--bus must be one of " + String.join(", ", BUSES.keySet()) + "; got '" + request.bus() + "'");
        }
        if (!PACKAGE.matcher(request.javaPackage()).matches()) {
            throw new IllegalArgumentException("--package must be a lower-case Java package such as org.example.acme;"
                    + " got '" + request.javaPackage() + "'");
        }
        if (Files.exists(request.dir()) && !isEmptyDirectory(request.dir())) {
            throw new IllegalArgumentException(request.dir() + " exists and is not an empty directory");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the project.
     *
     * @return the files written, relative to the project directory
     */
    static List<Path> write(Request request) throws IOException {
        check(request);
        Map<String, String> values = values(request);
        Map<String, String> targets = new LinkedHashMap<>();
        for (String set : BUSES.get(request.bus())) {
            for (String line : resource(ROOT + set + "/files.txt").lines().toList()) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] parts = entry.split("\\s*->\\s*");
                targets.put(fill(parts[1], values), set + "/" + parts[0]);
            }
        }
        List<Path> written = new ArrayList<>();
        Files.createDirectories(request.dir());
        for (Map.Entry<String, String> target : targets.entrySet()) {
            Path file = request.dir().resolve(target.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, fill(resource(ROOT + target.getValue()), values), StandardCharsets.UTF_8);
            written.add(request.dir().relativize(file));
        }
        for (String wrapper : List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties", ".mvn/select-jdk.sh")) {
            Path file = request.dir().resolve(wrapper);
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource(ROOT + "wrapper/" + wrapper), StandardCharsets.UTF_8);
            written.add(request.dir().relativize(file));
        }
        Files.setPosixFilePermissions(request.dir().resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return written;
    }

    private static Map<String, String> values(Request request) throws IOException {
        Matcher m = COMPATIBLE.matcher(request.compatible());
        m.matches();
        String vendor = m.group(1);
        String part = m.group(2);
        Properties versions = new Properties();
        versions.load(new StringReader(resource(ROOT + "versions.properties")));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("COMPATIBLE", request.compatible());
        values.put("VENDOR", vendor);
        values.put("PART", part);
        values.put("PART_UPPER", part.toUpperCase(Locale.ROOT));
        String sensorId = part.replaceAll("[^a-z0-9_-]", "_");
        sensorId = Character.isLetter(sensorId.charAt(0)) ? sensorId : "s" + sensorId;
        values.put("SENSOR_ID", sensorId.substring(0, Math.min(sensorId.length(), 30)) + "0");
        values.put("BUS", request.bus());
        values.put("PACKAGE", request.javaPackage());
        values.put("PACKAGE_PATH", request.javaPackage().replace('.', '/'));
        values.put("CLASS", className(part));
        values.put(
                "GROUP",
                request.javaPackage()
                        .substring(
                                0,
                                request.javaPackage().lastIndexOf('.') < 0
                                        ? request.javaPackage().length()
                                        : request.javaPackage().lastIndexOf('.')));
        values.put("ARTIFACT", "fieldnode-driver-" + (vendor + "-" + part).replaceAll("[^a-z0-9-]", "-"));
        versions.stringPropertyNames()
                .forEach(k -> values.put("V_" + k.toUpperCase(Locale.ROOT), versions.getProperty(k)));
        return values;
    }

    /** {@code tmp42} → {@code Tmp42}, {@code soil-thc} → {@code SoilThc}, {@code 9dof} → {@code Part9dof}. */
    static String className(String part) {
        StringBuilder name = new StringBuilder();
        for (String word : part.split("[^a-z0-9]+")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return Character.isDigit(name.charAt(0)) ? "Part" + name : name.toString();
    }

    private static String identifier(String text) {
        String id = text.replaceAll("[^a-z0-9_]", "_");
        return Character.isDigit(id.charAt(0)) ? "_" + id : id;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template placeholder without a value: " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DriverScaffold.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the driver templates lack " + name + "; rebuild fieldnode");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
