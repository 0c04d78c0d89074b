// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One security event (SECURITY R29): UTC time with its quality, the node id ({@code "-"} before one exists), a
 * fixed code with its severity, and a detail line that has been neutralised and holds no secret.
 *
 * @param detail free text from this module; peer-supplied parts must already be wrapped with {@link PeerText}.
 *     The constructor neutralises the whole line once more, so no CR/LF can reach a log.
 */
public record SecurityEvent(
        Instant time, TimeQuality timeQuality, String nodeId, SecurityEventCode code, String detail) {
    public SecurityEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timeQuality, "timeQuality");
        Objects.requireNonNull(code, "code");
        nodeId = nodeId == null ? "-" : PeerText.neutralise(nodeId);
        detail = PeerText.neutralise(detail);
    }

    /** One key=value line: {@code time=… time-quality=… node=… code=… severity=… detail="…"}. */
    public String toLine() {
        return "time=" + time + " time-quality=" + timeQuality.name().toLowerCase(java.util.Locale.ROOT) + " node="
                + nodeId + " code=" + code.code() + " event=" + code.name().toLowerCase(java.util.Locale.ROOT)
                + " severity=" + code.severity().name().toLowerCase(java.util.Locale.ROOT) + " detail=\""
                + detail.replace("\"", "'") + "\"";
    }
}
