// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * SECURITY R10: no private keys or known secrets in the repository's sources, resources, default configs, or in
 * any built jar lying in a module's {@code target/}. Walks up from this module to the repository root.
 */
class SecretsAuditTest {
    /** Built from parts so this file does not match itself. */
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile("-----" + "BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----");

    /** In main code and shipped resources, a hex value assigned to a key/secret/password-like name. */
    private static final Pattern ASSIGNED_SECRET =
            Pattern.compile("(?i)(?:psk|key|secret|password|passwd)[\\w.]*\\s*[=:]\\s*\"?(?:0x)?[0-9a-f]{32,}\"?");

    /**
     * Secrets known to have been used in examples elsewhere and that must never ship as defaults: the Californium
     * sandbox PSK ("secretPSK") and the RFC 5869/RFC 4279 style test keys people copy.
     */
    private static final List<String> KNOWN_TEST_SECRETS = List.of("secretPSK", "sesame", "password123", "changeit");

    private static final Set<String> TEXT = Set.of(
            "java", "properties", "yaml", "yml", "xml", "txt", "md", "json", "conf", "cfg", "sh", "service", "toml");

    @Test
    void noPemPrivateKeyAnywhereInTheRepository() throws IOException {
        List<String> findings = new ArrayList<>();
        for (Path file : sourceFiles(repositoryRoot())) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            if (PEM_PRIVATE_KEY.matcher(text).find()) {
                findings.add(file.toString());
            }
        }
        assertThat(findings).as("files holding a PEM private key").isEmpty();
    }

    @Test
    void noKnownOrAssignedSecretInShippedSourcesOrResources() throws IOException {
        List<String> findings = new ArrayList<>();
        for (Path file : sourceFiles(repositoryRoot())) {
            if (file.toString().contains("/src/test/")) {
                continue; // tests make their own throw-away secrets; they never ship
            }
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            if (ASSIGNED_SECRET.matcher(text).find()) {
                findings.add(file + ": hex value assigned to a key-like name");
            }
            for (String secret : KNOWN_TEST_SECRETS) {
                if (text.contains(secret)) {
                    findings.add(file + ": known test secret");
                }
            }
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void noPrivateKeyInsideBuiltJars() throws IOException {
        List<String> findings = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> walk = Files.walk(repositoryRoot(), 4)) {
            jars = walk.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> p.getParent() != null && p.getParent().endsWith("target"))
                    .toList();
        }
        for (Path jar : jars) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    if (name.endsWith(".pem")
                            || name.endsWith(".key")
                            || name.endsWith(".bcfks")
                            || name.endsWith(".p12")
                            || name.endsWith(".jks")) {
                        findings.add(jar + "!" + name + ": key material file");
                    } else if (!name.endsWith(".class") && entry.getSize() < 1_000_000) {
                        String text = new String(readBounded(zip), StandardCharsets.ISO_8859_1);
                        if (PEM_PRIVATE_KEY.matcher(text).find()) {
                            findings.add(jar + "!" + name);
                        }
                    }
                }
            }
        }
        assertThat(findings).isEmpty();
    }

    /** The directory holding {@code mvnw} and the parent pom, found by walking up from this module. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    private static List<Path> sourceFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String s = root.relativize(p).toString();
                        return !s.startsWith(".git")
                                && !s.contains("/target/")
                                && !s.startsWith("target/")
                                && !s.contains("node_modules")
                                && !s.startsWith(".mvn/wrapper");
                    })
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        int dot = name.lastIndexOf('.');
                        return dot > 0 && TEXT.contains(name.substring(dot + 1));
                    })
                    .toList();
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        return in.readNBytes(1_000_000);
    }
}
