// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL store is and how to log in: {@code postgresql://HOST[:PORT]/DB} on the command line, the user
 * and password never there (they would show in {@code ps} and shell history) but in a credentials file of mode 0600
 * ({@code user=NAME} and {@code password=SECRET} lines) or in the environment under libpq's names {@code PGUSER} and
 * {@code PGPASSWORD} (postgresql.org/docs/current/libpq-envars.html).
 *
 * @param host the server's host name or address
 * @param port the server's port (5432 by default)
 * @param database the database name
 * <p>The connection is TLS with the server's certificate checked against {@code sslrootcert} and its name
 * ({@code sslmode=verify-full}) unless the server is on this machine: the database holds the collectors' CA, so a
 * connection an attacker could downgrade or relay would give it away. {@code sslmode=} and {@code sslrootcert=}
 * lines in the credentials file (or {@code PGSSLMODE}, {@code PGSSLROOTCERT}) choose otherwise, knowingly.
 *
 * @param host the server's host name or address
 * @param port the server's port (5432 by default)
 * @param database the database name
 * @param user the role to log in as
 * @param password its password; not in {@link #toString}
 * @param sslMode PgJDBC's {@code sslmode}
 * @param sslRootCert the file of the CA certificate(s) the server's certificate must chain to, or empty for the
 *     default ({@code ~/.postgresql/root.crt})
 */
public record PostgresLocation(
        String host,
        int port,
        String database,
        String user,
        String password,
        String sslMode,
        Optional<Path> sslRootCert) {
    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    /** The prefix of a store URL. */
    public static final String SCHEME = "postgresql://";

    private static final Pattern URL = Pattern.compile(
            "postgresql://([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?/([A-Za-z0-9_\\-]+)");

    /** True when {@code store} names a PostgreSQL store rather than a directory. */
    public static boolean isUrl(String store) {
        return store.startsWith(SCHEME);
    }

    /**
     * Parses {@code url} and finds its credentials: {@code credentialsFile} when given, else {@code environment}.
     *
     * @throws IllegalArgumentException one sentence saying what is wrong (a user mistake)
     */
    public static PostgresLocation of(String url, Optional<Path> credentialsFile, Map<String, String> environment) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("a PostgreSQL store is postgresql://HOST[:PORT]/DATABASE, got "
                    + url.replaceFirst("//[^/]*@", "//***@") // never echo a password given in the URL
                    + (url.contains("@")
                            ? " (credentials go in a 0600 file or PGUSER/PGPASSWORD, never the URL)"
                            : ""));
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " out of range in " + url);
        }
        Properties credentials = credentialsFile
                .map(PostgresLocation::readCredentials)
                .orElseGet(() -> {
                    Properties fromEnvironment = new Properties();
                    Optional.ofNullable(environment.get("PGUSER"))
                            .ifPresent(u -> fromEnvironment.setProperty("user", u));
                    Optional.ofNullable(environment.get("PGPASSWORD"))
                            .ifPresent(p -> fromEnvironment.setProperty("password", p));
                    return fromEnvironment;
                });
        String user = credentials.getProperty("user");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("no PostgreSQL user for " + url + ": give --store-credentials FILE"
                    + " (user= and password= lines, mode 0600) or set PGUSER and PGPASSWORD");
        }
        String host = m.group(1).replace("[", "").replace("]", "");
        String sslMode = Optional.ofNullable(credentials.getProperty("sslmode"))
                .or(() -> Optional.ofNullable(environment.get("PGSSLMODE")))
                .map(String::strip)
                .orElse(onThisMachine(host) ? "prefer" : "verify-full");
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException(
                    "sslmode " + sslMode + " for " + url + ": expected one of " + new java.util.TreeSet<>(SSL_MODES));
        }
        Optional<Path> rootCert = Optional.ofNullable(credentials.getProperty("sslrootcert"))
                .or(() -> Optional.ofNullable(environment.get("PGSSLROOTCERT")))
                .map(String::strip)
                .map(Path::of);
        return new PostgresLocation(
                host,
                port,
                m.group(3),
                user.strip(),
                credentials.getProperty("password", "").strip(),
                sslMode,
                rootCert);
    }

    /** A server on this machine (loopback): TLS is not asked for by default. */
    static boolean onThisMachine(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** The location in test and CI set-ups: {@code FIELDNODE_TEST_POSTGRES} and its credentials file. */
    public static Optional<PostgresLocation> forTests(Map<String, String> environment) {
        String url = environment.get("FIELDNODE_TEST_POSTGRES");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(of(
                url,
                Optional.ofNullable(environment.get("FIELDNODE_TEST_POSTGRES_CREDENTIALS"))
                        .map(Path::of),
                environment));
    }

    private static Properties readCredentials(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new IllegalArgumentException(
                        file + " holds a password and must be mode 0600 (chmod 600 " + file + ")");
            }
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            return properties;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the credentials file " + file + ": " + e.getMessage());
        }
    }

    /** The JDBC URL (no credentials in it). */
    String jdbcUrl() {
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + literal + ":" + port + "/" + database;
    }

    /** The store URL as given, without credentials: for messages and logs. */
    public String url() {
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return SCHEME + literal + (port == 5432 ? "" : ":" + port) + "/" + database;
    }

    @Override
    public String toString() {
        return url() + " (user " + user + ")";
    }
}
