// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.tinylog.Logger;

/**
 * Driver jars dropped into {@code drivers.d/}: code that runs in the node's process, as the service user or, for
 * commands run with sudo, as root. A jar is loaded only when nobody else could have put it there or changed it: the
 * file (links followed) and every directory above it belong to root — or, in a source checkout, to the user running
 * {@code ./fieldnode} — and none of them is writable by group or others (a sticky directory such as {@code /tmp}
 * excepted above the jar's own). An installed node trusts root only: a jar owned by the service user would let a
 * compromised node plant code that survives its restart. A refused jar costs one warning naming it and why, once per
 * process; {@code fieldnode drivers} lists every jar with its SHA-256 and whether it was loaded.
 *
 * <p>The launchers name the directory and the policy with the system properties {@value #DIRECTORY_PROPERTY} and
 * {@value #OWNERS_PROPERTY}; without them no jar is loaded.
 */
public final class DriverJars {
    /** The directory of driver jars, set by the launcher. */
    public static final String DIRECTORY_PROPERTY = "fieldnode.drivers";
    /** Who may own a driver jar: {@code root} (default) or {@code root-or-self} (a source checkout's launcher). */
    public static final String OWNERS_PROPERTY = "fieldnode.drivers.owners";

    private static final String SERVICES = "META-INF/services/";
    private static final int GROUP_OR_OTHERS_WRITE = 0b000_010_010;
    private static final int STICKY = 0b001_000_000_000;
    private static final int PERMISSION_BITS = 0b111_111_111;

    /** Whose jars are trusted. */
    public enum Owners {
        /** root only: an installed node. */
        ROOT,
        /** root or the user running the command: a source checkout. */
        ROOT_OR_SELF
    }

    /**
     * One jar of the directory.
     *
     * @param refusal why it was not loaded; empty when it was
     */
    public record Jar(Path file, Optional<String> refusal) {
        public boolean loaded() {
            return refusal.isEmpty();
        }

        /** The SHA-256 of the file's bytes, in hex; computed when asked (it is not needed to load). */
        public String sha256() throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }

    private static volatile DriverJars installed;

    private final List<Jar> jars;
    private final ClassLoader classLoader;

    private DriverJars(List<Jar> jars, ClassLoader classLoader) {
        this.jars = List.copyOf(jars);
        this.classLoader = classLoader;
    }

    /** The jars the launcher named (once per process; refusals logged then); none when it named no directory. */
    public static DriverJars installed() {
        DriverJars jars = installed;
        if (jars == null) {
            synchronized (DriverJars.class) {
                jars = installed;
                if (jars == null) {
                    String directory = System.getProperty(DIRECTORY_PROPERTY, "");
                    Owners owners = "root-or-self".equals(System.getProperty(OWNERS_PROPERTY, "root"))
                            ? Owners.ROOT_OR_SELF
                            : Owners.ROOT;
                    jars = directory.isBlank()
                            ? new DriverJars(List.of(), DriverJars.class.getClassLoader())
                            : scan(Path.of(directory), owners, DriverJars.class.getClassLoader());
                    installed = jars;
                }
            }
        }
        return jars;
    }

    /**
     * Checks every {@code *.jar} of {@code directory} and makes a class loader over the trusted ones, whose parent is
     * {@code parent}. Each refused jar is logged once, as a warning.
     */
    public static DriverJars scan(Path directory, Owners owners, ClassLoader parent) {
        List<Jar> jars = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
                entries.forEach(file ->
                        jars.add(new Jar(file, refusal(file, owners).or(() -> unusable(file, parent)))));
            } catch (IOException e) {
                Logger.warn("Driver jars in {} not loaded: cannot list the directory ({})", directory, e.toString());
            }
        }
        jars.sort((a, b) -> a.file().toString().compareTo(b.file().toString()));
        List<URL> urls = new ArrayList<>();
        for (Jar jar : jars) {
            if (jar.loaded()) {
                urls.add(url(jar.file()));
            } else {
                Logger.warn(
                        "Driver jar {} not loaded: {}",
                        jar.file(),
                        jar.refusal().get());
            }
        }
        ClassLoader loader =
                urls.isEmpty() ? parent : new URLClassLoader("fieldnode-drivers", urls.toArray(URL[]::new), parent);
        return new DriverJars(jars, loader);
    }

    /** Every jar of the directory, loaded or not, by file name. */
    public List<Jar> jars() {
        return jars;
    }

    /** The class loader that sees the catalogue's drivers and the trusted jars'. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** Why {@code file} must not be loaded under {@code owners}; empty when it may. */
    static Optional<String> refusal(Path file, Owners owners) {
        try {
            Path real = file.toRealPath();
            Map<String, Object> jar =
                    Files.readAttributes(real, "unix:uid,mode,isRegularFile", LinkOption.NOFOLLOW_LINKS);
            if (!(Boolean) jar.get("isRegularFile")) {
                return Optional.of("not a regular file");
            }
            Optional<String> problem = problem(real, jar, owners, false);
            for (Path dir = real.getParent(); problem.isEmpty() && dir != null; dir = dir.getParent()) {
                Map<String, Object> attributes = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
                String where = "its directory " + dir + " is ";
                problem = problem(dir, attributes, owners, !dir.equals(real.getParent()))
                        .map(p -> where + p);
            }
            return problem;
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(
                    "cannot check its owner and mode (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Why a trusted jar still cannot serve as a driver jar: it is no readable jar, or a provider it declares in
     * {@code META-INF/services/} is a class neither it nor {@code parent} has. Such a jar once stopped every command
     * with a {@code ServiceConfigurationError} (issue 15); now it is named, skipped, and the others load.
     */
    static Optional<String> unusable(Path file, ClassLoader parent) {
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.startsWith(SERVICES) || name.endsWith("/")) {
                    continue;
                }
                String text;
                try (InputStream in = jar.getInputStream(entry)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                for (String line : text.lines().toList()) {
                    int hash = line.indexOf('#');
                    String provider = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    String classFile = provider.replace('.', '/') + ".class";
                    if (!provider.isEmpty()
                            && jar.getEntry(classFile) == null
                            && parent.getResource(classFile) == null) {
                        return Optional.of("it declares the provider " + provider + " in " + name
                                + ", a class it does not contain");
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("not a readable jar (" + e.getMessage() + ")");
        }
    }

    /** What is wrong with {@code path}: "owned by ..." or "writable by ..." with the command that fixes it. */
    private static Optional<String> problem(Path path, Map<String, Object> attributes, Owners owners, boolean above)
            throws IOException {
        int uid = (Integer) attributes.get("uid");
        int mode = (Integer) attributes.get("mode");
        if (uid != 0 && !(owners == Owners.ROOT_OR_SELF && uid == selfUid())) {
            String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            String trusted = owners == Owners.ROOT ? "root" : "root or " + System.getProperty("user.name");
            return Optional.of("owned by " + owner + ", not " + trusted + ": sudo chown root " + path);
        }
        // A sticky directory above the jar's own (/tmp) lets nobody rename or remove another user's entries.
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && !(above && (mode & STICKY) != 0)) {
            return Optional.of(
                    "writable by group or others (mode %03o): chmod go-w %s".formatted(mode & PERMISSION_BITS, path));
        }
        return Optional.empty();
    }

    private static int selfUid() {
        return (int) new UnixSystem().getUid();
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "DriverJars[" + jars.size() + " jar(s), "
                + jars.stream().filter(Jar::loaded).count() + " loaded]";
    }
}
