// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.protocol.desired.DesiredConfigCodec;

/**
 * How a node tells the collector about updates: Uri-Query options of its normal reports, next to {@code s=} and
 * {@code c=} (no exchange of its own, SECURITY R19). The collector assigns a release with the desired-configuration
 * key {@code update.sequence} ({@link DesiredConfigCodec}); the node fetches it from {@link #RESOURCE}.
 *
 * <pre>
 * u=&lt;sequence&gt;   every report: the installed, good release (0: the package's own first release)
 * us=&lt;state&gt;     when not idle: downloading, stopped, installing, trial, applied, rolled_back, refused
 * ut=&lt;sequence&gt;  the release that state is about
 * ub=&lt;bytes&gt;     payload bytes kept so far (download progress)
 * uw=&lt;reason&gt;    a refusal's code ({@link Refusal#code}), a rollback's or a stop's reason, at most 64 bytes
 * </pre>
 *
 * <p>Releases on the collector: {@code GET /u/<sequence>/m} gives the signed manifest, {@code GET
 * /u/<sequence>/p} the payload block-wise (RFC 7959 Block2, 512-byte blocks, any block number first, so a node
 * resumes where it stopped), Content-Format 42 ({@code application/octet-stream}).
 */
public final class UpdateReports {
    /** The collector's resource for releases. */
    public static final String RESOURCE = "u";

    public static final String MANIFEST = "m";
    public static final String PAYLOAD = "p";

    /** Uri-Query names, see the class comment. */
    public static final String INSTALLED = "u";

    public static final String STATE = "us";
    public static final String TARGET = "ut";
    public static final String RECEIVED = "ub";
    public static final String REASON = "uw";

    /** The states a node reports. */
    public static final List<String> STATES =
            List.of("idle", "downloading", "stopped", "installing", "trial", "applied", "rolled_back", "refused");

    private UpdateReports() {}

    /** The options for one report. */
    public static List<String> queries(long installed, String state, long target, long received, String reason) {
        List<String> queries = new ArrayList<>(5);
        queries.add(INSTALLED + "=" + installed);
        if (!state.equals("idle")) {
            queries.add(STATE + "=" + state);
            queries.add(TARGET + "=" + target);
            if (received > 0) {
                queries.add(RECEIVED + "=" + received);
            }
            if (!reason.isEmpty()) {
                queries.add(REASON + "=" + DesiredConfigCodec.shortReason(reason));
            }
        }
        return queries;
    }

    /** What one report said, read by the collector from its Uri-Query options; empty without {@code u=}. */
    public record Reported(long installed, String state, long target, long received, String reason) {}

    /**
     * Reads the update options of a report; malformed values make it empty (a report is never refused for them).
     *
     * @param options the report's Uri-Query options by name
     */
    public static Optional<Reported> read(Map<String, String> options) {
        try {
            String installed = options.get(INSTALLED);
            if (installed == null) {
                return Optional.empty();
            }
            String state = options.getOrDefault(STATE, "idle");
            if (!STATES.contains(state)) {
                return Optional.empty();
            }
            return Optional.of(new Reported(
                    number(installed),
                    state,
                    number(options.getOrDefault(TARGET, "0")),
                    number(options.getOrDefault(RECEIVED, "0")),
                    DesiredConfigCodec.shortReason(options.getOrDefault(REASON, ""))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String text) {
        long value = Long.parseLong(text);
        if (value < 0 || text.length() > 12) {
            throw new NumberFormatException(text);
        }
        return value;
    }
}
