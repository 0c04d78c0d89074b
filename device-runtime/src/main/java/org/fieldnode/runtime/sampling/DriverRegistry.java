// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.fieldnode.drivers.api.SensorDriverFactory;

/** The sensor drivers on the class path, found with {@link ServiceLoader} and keyed by {@code "vendor,part"}. */
public final class DriverRegistry {
    private final Map<String, SensorDriverFactory> byCompatible;

    private DriverRegistry(Map<String, SensorDriverFactory> byCompatible) {
        this.byCompatible = Collections.unmodifiableMap(byCompatible);
    }

    /**
     * Finds every {@link SensorDriverFactory} visible to this class's loader.
     *
     * @throws IllegalStateException when two drivers claim the same compatible string
     */
    public static DriverRegistry load() {
        Map<String, SensorDriverFactory> found = new TreeMap<>();
        for (SensorDriverFactory factory :
                ServiceLoader.load(SensorDriverFactory.class, DriverRegistry.class.getClassLoader())) {
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

    /** Every compatible string, sorted. */
    public java.util.Set<String> compatibles() {
        return byCompatible.keySet();
    }
}
