// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.fieldnode.collector.update.ReleaseStore;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.security.event.SecurityEventCode;
import org.tinylog.Logger;

/**
 * The releases resource {@code /u} ({@link UpdateReports}): {@code GET /u/<sequence>/m} answers the signed
 * manifest, {@code GET /u/<sequence>/p} the payload one Block2 at a time (RFC 7959 §2.2, at most 512-byte blocks):
 * the block the request names, with the M bit set while more follow. Any block may be asked for first, so a node
 * resumes after the last block it kept, across restarts of either end. Only a session that may report (a node's
 * own credential) may fetch; the bytes are public in the sense that they are signed, not secret.
 */
final class ReleasesResource extends CoapResource {
    /** CoAP Content-Format application/octet-stream. */
    static final int OCTET_STREAM = 42;

    /** 512-byte blocks: the collector's preferred block size (its blockwise layer re-slices anything larger). */
    private static final int MAX_SZX = 5;

    private final ReleaseStore releases;
    private final Function<Principal, Optional<String>> deviceOf;
    private final CollectorEvents events;

    ReleasesResource(ReleaseStore releases, Function<Principal, Optional<String>> deviceOf, CollectorEvents events) {
        super(UpdateReports.RESOURCE);
        this.releases = releases;
        this.deviceOf = deviceOf;
        this.events = events;
        getAttributes().setTitle("fieldnode releases (GET /u/<sequence>/m|p)");
    }

    /** Every path below {@code /u} is answered here. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Principal peer = request.getSourceContext().getPeerIdentity();
        if (peer == null || deviceOf.apply(peer).isEmpty()) {
            events.record(
                    SecurityEventCode.AUTHENTICATION_FAILED,
                    peer == null ? null : peer.getName(),
                    "release fetch from " + exchange.getSourceSocketAddress() + " refused: the session may not report");
            exchange.respond(ResponseCode.FORBIDDEN, "this session may not fetch releases");
            return;
        }
        List<String> path = request.getOptions().getUriPath();
        long sequence;
        try {
            if (path.size() != 3 || path.get(1).length() > 10) {
                throw new NumberFormatException();
            }
            sequence = Long.parseLong(path.get(1));
        } catch (NumberFormatException e) {
            exchange.respond(ResponseCode.NOT_FOUND, "expected /u/<sequence>/m or /u/<sequence>/p");
            return;
        }
        try {
            switch (path.get(2)) {
                case UpdateReports.MANIFEST -> manifest(exchange, sequence);
                case UpdateReports.PAYLOAD -> payload(exchange, request, sequence);
                default -> exchange.respond(ResponseCode.NOT_FOUND, "expected m or p");
            }
        } catch (IOException e) {
            Logger.warn("Release {} not served: {}", sequence, e.getMessage());
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "release not readable");
        }
    }

    private void manifest(CoapExchange exchange, long sequence) throws IOException {
        Optional<byte[]> manifest = releases.manifest(sequence);
        if (manifest.isEmpty()) {
            exchange.respond(ResponseCode.NOT_FOUND, "no such release");
            return;
        }
        exchange.respond(ResponseCode.CONTENT, manifest.get(), OCTET_STREAM);
    }

    private void payload(CoapExchange exchange, Request request, long sequence) throws IOException {
        Optional<Long> size = releases.payloadSize(sequence);
        if (size.isEmpty()) {
            exchange.respond(ResponseCode.NOT_FOUND, "no such release");
            return;
        }
        BlockOption asked = request.getOptions().getBlock2();
        // The client's block size, or the collector's own when smaller: the offset is the client's, the number in
        // the answer counts blocks of the size answered (RFC 7959 §2.4).
        long offset = asked == null ? 0 : asked.getOffset();
        int szx = asked == null ? MAX_SZX : Math.min(asked.getSzx(), MAX_SZX);
        int blockSize = 1 << (szx + 4);
        long number = offset / blockSize;
        offset = number * blockSize;
        if (offset >= size.get() && !(offset == 0 && size.get() == 0)) {
            exchange.respond(ResponseCode.BAD_OPTION, "block beyond the payload");
            return;
        }
        byte[] block = releases.payload(sequence, offset, blockSize);
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(block);
        response.getOptions().setContentFormat(OCTET_STREAM);
        response.getOptions().setBlock2(szx, offset + block.length < size.get(), (int) number);
        exchange.respond(response);
    }
}
