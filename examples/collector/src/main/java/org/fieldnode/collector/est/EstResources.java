// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.math.BigInteger;
import java.security.Principal;
import java.time.InstantSource;
import java.util.Optional;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.fieldnode.collector.est.EstService.Answer;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.event.PeerText;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.trust.NodeCertificateCheck;
import org.tinylog.Logger;

/**
 * The CoAP face of {@link EstService} under {@code /.well-known/est} (RFC 9148 §5.1):
 *
 * <pre>
 * GET  crts   Accept 281 (or none)         → 2.05, 281 certs-only           any EST-capable session
 * POST sen    Content-Format 286, Accept 287 → 2.04, 287 DER certificate    bootstrap PSK session, unused credential
 * POST sren   Content-Format 286, Accept 287 → 2.04, 287 DER certificate    certificate session of the same node
 * </pre>
 *
 * Wrong formats get 4.15 / 4.06, a wrong kind of session 4.03, a busy CA 5.03 with Max-Age. A bundle that can no
 * longer enrol (used, revoked, replaced, expired) still completes its handshake, and {@code /crts} and {@code /sen}
 * answer it 4.03 with one sentence saying why, which its node logs once (SECURITY R4). Responses longer than
 * a block go block-wise (Block2, RFC 7959) through Californium's block-wise layer, which also honours a block size
 * the node proposes early.
 */
final class EstResources {
    private EstResources() {}

    /** The {@code est} resource with its three children, to be added under {@code /.well-known}. */
    static CoapResource tree(EstService service, InstantSource clock) {
        CoapResource est = new CoapResource("est");
        est.setVisible(false);
        est.add(new Crts(service, clock));
        est.add(new Enrol("sen", service, clock));
        est.add(new Enrol("sren", service, clock));
        return est;
    }

    /** Who is asking, as far as EST cares. */
    private sealed interface Peer {
        record Bootstrap(String pskIdentity) implements Peer {}

        record Node(NodeId nodeId, BigInteger serial) implements Peer {}

        record Other(String name) implements Peer {}
    }

    private static Peer peer(EstService service, CoapExchange exchange) {
        Principal principal =
                exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        if (principal instanceof PreSharedKeyIdentity psk && service.isEnrolmentCredential(psk.getIdentity())) {
            return new Peer.Bootstrap(psk.getIdentity());
        }
        if (principal instanceof X509CertPath path) {
            Optional<NodeId> node = NodeCertificateCheck.nodeId(path.getTarget());
            BigInteger serial = path.getTarget().getSerialNumber();
            if (node.isPresent() && service.mayConnect(node.get(), serial)) {
                return new Peer.Node(node.get(), serial);
            }
        }
        return new Peer.Other(principal == null ? "?" : principal.getName());
    }

    private static final class Crts extends CoapResource {
        private final EstService service;
        private final InstantSource clock;

        Crts(EstService service, InstantSource clock) {
            super("crts");
            this.service = service;
            this.clock = clock;
            getAttributes().addContentType(EstContentFormat.PKCS7_CERTS_ONLY);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Peer peer = peer(service, exchange);
            if (peer instanceof Peer.Other other) {
                service.authenticationFailed(other.name(), "/crts refused: this session may not use EST");
                refuse(exchange, "crts", other.name(), ResponseCode.FORBIDDEN, "this session may not use EST");
                return;
            }
            if (peer instanceof Peer.Bootstrap bootstrap) {
                Optional<String> refusal = service.bootstrapRefusal(bootstrap.pskIdentity(), clock.instant());
                if (refusal.isPresent()) {
                    service.authenticationFailed(
                            null,
                            "/crts with enrolment credential " + bootstrap.pskIdentity() + " refused: "
                                    + refusal.get());
                    refuse(exchange, "crts", bootstrap.toString(), ResponseCode.FORBIDDEN, refusal.get());
                    return;
                }
            }
            int accept = exchange.getRequestOptions().getAccept();
            if (accept != MediaTypeRegistry.UNDEFINED && accept != EstContentFormat.PKCS7_CERTS_ONLY) {
                refuse(
                        exchange,
                        "crts",
                        peer.toString(),
                        ResponseCode.NOT_ACCEPTABLE,
                        "/crts answers in format 281 only");
                return;
            }
            respond(exchange, service.caCertificates(), ResponseCode.CONTENT);
        }
    }

    private static final class Enrol extends CoapResource {
        private final EstService service;
        private final InstantSource clock;

        Enrol(String name, EstService service, InstantSource clock) {
            super(name);
            this.service = service;
            this.clock = clock;
            getAttributes().addContentType(EstContentFormat.PKIX_CERT);
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            String name = getName();
            Request request = exchange.advanced().getRequest();
            Peer peer = peer(service, exchange);
            boolean allowed = name.equals("sen") ? peer instanceof Peer.Bootstrap : peer instanceof Peer.Node;
            if (!allowed) {
                service.authenticationFailed(
                        peer instanceof Peer.Node n ? n.nodeId().value() : null,
                        "/" + name + " refused: wrong kind of session (" + peer + ")");
                refuse(
                        exchange,
                        name,
                        peer.toString(),
                        ResponseCode.FORBIDDEN,
                        name.equals("sen")
                                ? "/sen needs a session with an unused enrolment credential"
                                : "/sren needs a session with the node's current, unrevoked certificate");
                return;
            }
            if (request.getOptions().getContentFormat() != EstContentFormat.PKCS10) {
                refuse(
                        exchange,
                        name,
                        peer.toString(),
                        ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                        "send the CSR as content format 286 (application/pkcs10)");
                return;
            }
            int accept = request.getOptions().getAccept();
            if (accept != MediaTypeRegistry.UNDEFINED && accept != EstContentFormat.PKIX_CERT) {
                refuse(
                        exchange,
                        name,
                        peer.toString(),
                        ResponseCode.NOT_ACCEPTABLE,
                        "the answer is in format 287 only");
                return;
            }
            Answer answer = switch (peer) {
                case Peer.Bootstrap b -> service.simpleEnrol(b.pskIdentity(), request.getPayload(), clock.instant());
                case Peer.Node n ->
                    service.simpleReEnrol(n.nodeId(), n.serial(), request.getPayload(), clock.instant());
                case Peer.Other o -> throw new IllegalStateException("checked above");
            };
            respond(exchange, answer, ResponseCode.CHANGED);
        }
    }

    private static void respond(CoapExchange exchange, Answer answer, ResponseCode success) {
        switch (answer) {
            case Answer.Content content -> {
                Response response = new Response(success);
                response.getOptions().setContentFormat(content.contentFormat());
                response.setPayload(content.payload());
                exchange.respond(response);
            }
            case Answer.Refused refused -> exchange.respond(refused.code(), refused.diagnostic());
            case Answer.Busy busy -> {
                Response response = new Response(ResponseCode.SERVICE_UNAVAILABLE);
                response.getOptions().setMaxAge(busy.retryAfterSeconds());
                response.setPayload("the CA is busy; retry after Max-Age");
                exchange.respond(response);
            }
        }
    }

    private static void refuse(CoapExchange exchange, String resource, String peer, ResponseCode code, String why) {
        Logger.warn(
                "EST /{} from {} ({}) refused: {} {}",
                resource,
                exchange.getSourceSocketAddress(),
                PeerText.neutralise(peer),
                code,
                why);
        exchange.respond(code, why);
    }
}
