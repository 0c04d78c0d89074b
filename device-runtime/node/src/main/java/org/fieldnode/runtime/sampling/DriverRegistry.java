// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.runtime.config.DriverDeclaration;
import org.fieldnode.runtime.config.ProfileLoader;
import org.tinylog.Logger;

/** The sensor drivers on the class path, found with {@link ServiceLoader} and keyed by {@code "vendor,part"}. */
public final class DriverRegistry {
    /** Bounds the skipping of broken providers: ServiceLoader's recovery after an error is best effort only. */
    private static final int MAX_SKIPPED = 100;

    private final Map<String, SensorDriverFactory> byCompatible;

    private DriverRegistry(Map<String, SensorDriverFactory> byCompatible) {
        this.byCompatible = Collections.unmodifiableMap(byCompatible);
    }

    /**
     * Finds every {@link SensorDriverFactory} of the catalogue and of the trusted jars of {@code drivers.d/}
     * ({@link DriverJars#installed()}).
     *
     * @throws IllegalStateException when two drivers claim the same compatible string
     */
    public static DriverRegistry load() {
        return load(DriverJars.installed().classLoader());
    }

    /** Finds every {@link SensorDriverFactory} visible to {@code loader}. */
    public static DriverRegistry load(ClassLoader loader) {
        Map<String, SensorDriverFactory> found = new TreeMap<>();
        Iterator<SensorDriverFactory> providers =
                ServiceLoader.load(SensorDriverFactory.class, loader).iterator();
        for (int skipped = 0; skipped < MAX_SKIPPED; ) {
            SensorDriverFactory factory;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                factory = providers.next();
            } catch (ServiceConfigurationError e) {
                // A driver that cannot be made (its constructor failed, a class it needs is missing) costs one
                // warning, not every command (issue 15); DriverJars already refuses jars that are unusable as files.
                skipped++;
                Logger.warn("A sensor driver was skipped: {}", e.getMessage());
                continue;
            }
            if (!factory.channels().containsAll(factory.personalChannels())) {
                throw new IllegalStateException(factory.getClass().getName()
                        + " declares personal channels it does not produce: " + factory.personalChannels());
            }
            for (String compatible : factory.compatible()) {
                SensorDriverFactory previous = found.putIfAbsent(compatible, factory);
                if (previous != null) {
                    throw new IllegalStateException("two drivers claim '" + compatible + "': "
                            + previous.getClass().getName() + " and "
                            + factory.getClass().getName());
                }
            }
        }
        return new DriverRegistry(found);
    }

    public Optional<SensorDriverFactory> find(String compatible) {
        return Optional.ofNullable(byCompatible.get(compatible));
    }

    /** The personal channels each driver declares (SECURITY R21), by compatible string; drivers without any absent. */
    public Map<String, Set<Channel>> personalChannels() {
        Map<String, Set<Channel>> personal = new TreeMap<>();
        byCompatible.forEach((compatible, factory) -> {
            if (!factory.personalChannels().isEmpty()) {
                personal.put(compatible, Set.copyOf(factory.personalChannels()));
            }
        });
        return personal;
    }

    /**
     * A profile loader that knows these drivers as they declare themselves: compatible strings, bus kinds, addresses
     * and personal channels, and their checks of a sensor's {@code reg} and {@code properties}
     * ({@link SensorDriverFactory#check}); a sensor its driver could not open is refused when the profile is loaded.
     */
    public ProfileLoader profileLoader() {
        return ProfileLoader.forDrivers(byCompatible.entrySet().stream()
                .map(e -> DriverDeclaration.of(e.getKey(), e.getValue()))
                .toList());
    }

    /** Every compatible string, sorted. */
    public Set<String> compatibles() {
        return byCompatible.keySet();
    }
}
