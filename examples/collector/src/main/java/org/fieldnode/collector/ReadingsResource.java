// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.fieldnode.collector.BatchIngest.Verdict;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.security.event.SecurityEventCode;
import org.tinylog.Logger;

/**
 * The readings resource {@code /r}: nodes POST SenML batches here. Only POST is allowed (others get 4.05 from
 * {@link CoapResource}). The device comes from the DTLS session's credential — the PSK identity of a registered
 * node, or the node id of a client certificate — never from a field of the payload (SECURITY R16); a session that
 * names no device allowed to report (an enrolment PSK, a revoked certificate) is refused with 4.03 (R3, R17).
 *
 * <p>With {@link DesiredConfigs}, a report that carries {@code c=<version>} also takes part in the desired
 * configuration exchange ({@link DesiredConfigCodec}): what the node says is recorded, and a newer desired
 * configuration rides back in the payload of the 2.04 (Content-Format 60). A failure of that exchange never
 * fails the report: its readings are stored, so it is acknowledged all the same.
 *
 * <p>A valid batch is queued on the {@link GroupCommit} and answered once it is committed (the 2.04 is sent from
 * the commit thread through Californium's exchange executor); a full queue is answered 5.03 with a Max-Age.
 */
final class ReadingsResource extends CoapResource {
    static final String PATH = "r";

    private final BatchIngest ingest;
    private final GroupCommit commits;
    private final Function<Principal, Optional<String>> deviceOf;
    private final Optional<DesiredConfigs> configs;
    private final Optional<DeviceUpdates> updates;
    private final CollectorEvents events;

    /**
     * @param deviceOf the device an authenticated peer may report as; empty when it may not report
     * @param configs the desired configurations to exchange with nodes, if the collector keeps any
     * @param events where refused sessions are recorded (authentication failures, rate-limited)
     */
    ReadingsResource(
            BatchIngest ingest,
            GroupCommit commits,
            Function<Principal, Optional<String>> deviceOf,
            Optional<DesiredConfigs> configs,
            Optional<DeviceUpdates> updates,
            CollectorEvents events) {
        super(PATH);
        this.ingest = ingest;
        this.commits = commits;
        this.deviceOf = deviceOf;
        this.configs = configs;
        this.updates = updates;
        this.events = events;
        getAttributes().setTitle("fieldnode readings (POST SenML)");
        getAttributes().addContentType(112);
        getAttributes().addContentType(110);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Principal peer = request.getSourceContext().getPeerIdentity();
        Optional<String> allowed = peer == null ? Optional.empty() : deviceOf.apply(peer);
        if (allowed.isEmpty()) {
            events.record(
                    SecurityEventCode.AUTHENTICATION_FAILED,
                    peer == null ? null : peer.getName(),
                    "readings from " + exchange.getSourceSocketAddress()
                            + " refused: the session may not report (no, enrolment-only, superseded or revoked"
                            + " credential)");
            refuse(
                    exchange,
                    peer == null ? "?" : peer.getName(),
                    peer == null
                            ? new Verdict.Refused(
                                    ResponseCode.UNAUTHORIZED, "an authenticated DTLS session is required")
                            : new Verdict.Refused(
                                    ResponseCode.FORBIDDEN,
                                    "this session may not report readings (enrolment-only, superseded or revoked"
                                            + " credential)"));
            return;
        }
        String device = allowed.get();
        ingest.ingest(
                device,
                request.getOptions().getContentFormat(),
                request.getOptions().getUriQuery(),
                request.getPayload(),
                commits,
                verdict -> answer(exchange, device, request, verdict));
    }

    /** Answers after the commit that holds the batch (or at once for a refusal): ACK = durably stored. */
    private void answer(CoapExchange exchange, String device, Request request, Verdict verdict) {
        switch (verdict) {
            case Verdict.Stored stored -> acknowledge(exchange, device, request);
            case Verdict.AlreadyStored again -> acknowledge(exchange, device, request);
            case Verdict.Conflict conflict -> exchange.respond(ResponseCode.CONFLICT, Verdict.Conflict.REASON);
            case Verdict.Refused refused -> refuse(exchange, device, refused);
            case Verdict.NotStored notStored -> {
                Response response = new Response(notStored.code());
                response.setPayload(notStored.reason());
                response.getOptions().setMaxAge(notStored.retryAfterSeconds());
                exchange.respond(response);
            }
        }
    }

    private void acknowledge(CoapExchange exchange, String device, Request request) {
        recordUpdate(device, request);
        Optional<DesiredConfig> send = Optional.empty();
        if (configs.isPresent()) {
            Optional<ConfigReport> report =
                    ConfigReport.fromQueries(request.getOptions().getUriQuery());
            if (report.isPresent()) {
                try {
                    send = configs.get().exchange(device, report.get(), Instant.now());
                } catch (StoreException e) {
                    Logger.warn("Desired configuration of {} not exchanged: {}", Printable.of(device), e.getMessage());
                }
            }
        }
        if (send.isEmpty()) {
            exchange.respond(ResponseCode.CHANGED);
            return;
        }
        Logger.info("Sending desired configuration version {} to {}", send.get().version(), Printable.of(device));
        exchange.respond(
                ResponseCode.CHANGED, DesiredConfigCodec.encode(send.get()), DesiredConfigCodec.CONTENT_FORMAT);
    }

    /** What the node says about over-the-air updates (u=, us=, ...): recorded when it changed; never fails a report. */
    private void recordUpdate(String device, Request request) {
        if (updates.isEmpty()) {
            return;
        }
        Map<String, String> options = new HashMap<>();
        for (String query : request.getOptions().getUriQuery()) {
            int eq = query.indexOf('=');
            if (eq > 0 && query.startsWith("u")) {
                options.put(query.substring(0, eq), query.substring(eq + 1));
            }
        }
        Optional<UpdateReports.Reported> reported = UpdateReports.read(options);
        if (reported.isEmpty()) {
            return;
        }
        try {
            updates.get().reported(device, reported.get(), Instant.now());
        } catch (StoreException e) {
            Logger.warn("Update state of {} not recorded: {}", Printable.of(device), e.getMessage());
        }
    }

    private static void refuse(CoapExchange exchange, String device, Verdict.Refused refused) {
        Logger.warn(
                "Refused readings from {} at {}: {} {}",
                Printable.of(device),
                exchange.getSourceSocketAddress(),
                refused.code(),
                refused.reason());
        exchange.respond(refused.code(), refused.reason());
    }
}
