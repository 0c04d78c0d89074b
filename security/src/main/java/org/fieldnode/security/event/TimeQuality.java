// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

/** How far an event's wall-clock time can be trusted (SECURITY R29, R32). */
public enum TimeQuality {
    /** The clock is synchronised (NTP or a trusted RTC) and not before the provisioning floor. */
    SYNCHRONISED,
    /** The clock is not known to be right: the time is the node's best guess. */
    UNSYNCHRONISED
}
