// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import java.util.Map;
import org.fieldnode.collector.StoreException;

/**
 * What the page shows next to a node id: the device name it was enrolled under and its enrolment state ({@code
 * enrolled}, {@code revoked}), or {@code psk} for a node of the psk-directory. Read again for every page, so an
 * enrolment or revocation shows at the next refresh.
 */
@FunctionalInterface
public interface DeviceLabels {
    /** No names known: the page shows node ids only. */
    DeviceLabels NONE = Map::of;

    /** One device's name and enrolment state. */
    record Label(String name, String enrolment) {}

    /** The labels of the devices known, by the identity they report under. */
    Map<String, Label> all() throws StoreException;
}
