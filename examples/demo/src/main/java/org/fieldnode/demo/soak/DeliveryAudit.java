// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import org.fieldnode.collector.StoredReading;

/**
 * What the collector holds for one node against what the node sampled: {@code lost} counts expected sequence numbers
 * the collector lacks; {@code duplicated} counts readings stored twice, by sequence or by series and time (which a
 * per-sequence key alone could hide); {@code inOrder} says that observation times never go back as sequence numbers
 * go up (only meaningful when the wall clock was not stepped back).
 */
public record DeliveryAudit(long expected, long stored, long lost, long duplicated, boolean inOrder) {
    /**
     * @param expected which sequence numbers in {@code [0, end)} the collector must hold
     */
    public static DeliveryAudit of(Collection<StoredReading> stored, long end, LongPredicate expected) {
        Set<Long> sequences = new HashSet<>();
        Set<String> seriesTimes = new HashSet<>();
        long duplicated = 0;
        for (StoredReading r : stored) {
            boolean newSequence = sequences.add(r.sequence());
            boolean newObservation = seriesTimes.add(r.name() + "@" + r.time());
            if (!newSequence || !newObservation) {
                duplicated++;
            }
        }
        long wanted = 0;
        long lost = 0;
        for (long s = 0; s < end; s++) {
            if (expected.test(s)) {
                wanted++;
                if (!sequences.contains(s)) {
                    lost++;
                }
            }
        }
        List<StoredReading> bySequence = stored.stream()
                .sorted(Comparator.comparingLong(StoredReading::sequence))
                .toList();
        boolean inOrder = true;
        for (int i = 1; i < bySequence.size(); i++) {
            if (bySequence.get(i).time().isBefore(bySequence.get(i - 1).time())) {
                inOrder = false;
            }
        }
        return new DeliveryAudit(wanted, stored.size(), lost, duplicated, inOrder);
    }
}
