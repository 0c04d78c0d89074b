// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.security.Principal;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.fieldnode.collector.BatchIngest.Verdict;
import org.tinylog.Logger;

/**
 * The readings resource {@code /r}: nodes POST SenML batches here. Only POST is allowed (others get 4.05 from
 * {@link CoapResource}). The device is the PSK identity of the DTLS session (SECURITY R16), never a field of the
 * payload.
 */
final class ReadingsResource extends CoapResource {
    static final String PATH = "r";

    private final BatchIngest ingest;

    ReadingsResource(BatchIngest ingest) {
        super(PATH);
        this.ingest = ingest;
        getAttributes().setTitle("fieldnode readings (POST SenML)");
        getAttributes().addContentType(112);
        getAttributes().addContentType(110);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Principal peer = request.getSourceContext().getPeerIdentity();
        if (!(peer instanceof PreSharedKeyIdentity psk)) {
            refuse(
                    exchange,
                    "?",
                    new Verdict.Refused(ResponseCode.UNAUTHORIZED, "a PSK-authenticated session is required"));
            return;
        }
        String device = psk.getIdentity();
        Verdict verdict = ingest.ingest(
                device,
                request.getOptions().getContentFormat(),
                request.getOptions().getUriQuery(),
                request.getPayload());
        switch (verdict) {
            case Verdict.Stored stored -> exchange.respond(ResponseCode.CHANGED);
            case Verdict.AlreadyStored again -> exchange.respond(ResponseCode.CHANGED);
            case Verdict.Refused refused -> refuse(exchange, device, refused);
            case Verdict.NotStored notStored -> {
                Response response = new Response(notStored.code());
                response.setPayload(notStored.reason());
                response.getOptions().setMaxAge(BatchIngest.RETRY_AFTER_SECONDS);
                exchange.respond(response);
            }
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
