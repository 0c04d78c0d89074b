// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import org.tinylog.Logger;

/**
 * Where security events go (SECURITY R29). The default writes each as one line through the logger with the tag
 * {@code security}, at the event's severity; {@link SecurityEventFile} keeps them in a durable, size-bounded file
 * (R30), and {@link RateLimitedEventLog} bounds the events a peer can provoke.
 */
@FunctionalInterface
public interface SecurityEventLog {
    void record(SecurityEvent event);

    /** Records each event here, then in {@code next}. */
    default SecurityEventLog andThen(SecurityEventLog next) {
        return event -> {
            record(event);
            next.record(event);
        };
    }

    /** Events as log lines: info, warn or error by severity. */
    static SecurityEventLog toLogger() {
        return event -> {
            switch (event.code().severity()) {
                case INFO -> Logger.tag("security").info("security-event {}", event.toLine());
                case WARNING -> Logger.tag("security").warn("security-event {}", event.toLine());
                case ERROR -> Logger.tag("security").error("security-event {}", event.toLine());
            }
        };
    }
}
