// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Level;

/** Collects the sampler's log lines with the virtual time they were written at, and forwards them to tinylog. */
final class RecordingLog implements LogSink {
    record Line(Level level, String text, long atNanos) {}

    private final VirtualScheduler clock;
    final List<Line> lines = new CopyOnWriteArrayList<>();

    RecordingLog(VirtualScheduler clock) {
        this.clock = clock;
    }

    @Override
    public void log(Level level, String message, Object... arguments) {
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (Object argument : arguments) {
            int at = message.indexOf("{}", from);
            text.append(message, from, at).append(argument);
            from = at + 2;
        }
        text.append(message.substring(from));
        lines.add(new Line(level, text.toString(), clock.nanoTime()));
        LogSink.TINYLOG.log(level, message, arguments);
    }

    List<Line> at(Level level, String containing) {
        return lines.stream()
                .filter(l -> l.level() == level && l.text().contains(containing))
                .toList();
    }
}
