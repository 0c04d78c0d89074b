// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import org.tinylog.Level;
import org.tinylog.Logger;

/** Where the sampler's health messages go: tinylog in production, a recording list in tests. */
@FunctionalInterface
public interface LogSink {
    /** Writes one message with tinylog {@code {}} placeholders. */
    void log(Level level, String message, Object... arguments);

    /** Writes to tinylog at the given level. */
    LogSink TINYLOG = (level, message, arguments) -> {
        switch (level) {
            case ERROR -> Logger.error(message, arguments);
            case WARN -> Logger.warn(message, arguments);
            case INFO -> Logger.info(message, arguments);
            case DEBUG -> Logger.debug(message, arguments);
            default -> Logger.trace(message, arguments);
        }
    };
}
