// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.fieldnode.cli.UserError;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.protocol.Suggestions;
import org.fieldnode.runtime.sampling.DriverJars;

/**
 * The driver factories the CLI's tools see: every {@link SensorDriverFactory} that {@link ServiceLoader} finds in the
 * catalogue and in the trusted jars of {@code drivers.d/} ({@link DriverJars}).
 */
final class InstalledDrivers {
    private final List<SensorDriverFactory> factories;

    private InstalledDrivers(List<SensorDriverFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** The drivers of the catalogue and of the {@code drivers.d/} the launcher named. */
    static InstalledDrivers load() {
        return load(DriverJars.installed());
    }

    static InstalledDrivers load(DriverJars jars) {
        List<SensorDriverFactory> found = new ArrayList<>();
        ServiceLoader.load(SensorDriverFactory.class, jars.classLoader()).forEach(found::add);
        found.sort(Comparator.comparing(InstalledDrivers::firstCompatible));
        return new InstalledDrivers(found);
    }

    /** Every factory, ordered by its first compatible string. */
    List<SensorDriverFactory> factories() {
        return factories;
    }

    Optional<SensorDriverFactory> find(String compatible) {
        return factories.stream()
                .filter(f -> f.compatible().contains(compatible))
                .findFirst();
    }

    /** The factory for {@code compatible}, or a user error with a suggestion. */
    SensorDriverFactory require(String compatible) throws UserError {
        Optional<SensorDriverFactory> factory = find(compatible);
        if (factory.isPresent()) {
            return factory.get();
        }
        TreeSet<String> all = new TreeSet<>();
        factories.forEach(f -> all.addAll(f.compatible()));
        throw new UserError("no driver for '%s'%s (fieldnode drivers lists them)"
                .formatted(compatible, Suggestions.hint(compatible, all)));
    }

    static String firstCompatible(SensorDriverFactory factory) {
        return new TreeSet<>(factory.compatible()).first();
    }
}
