// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.runtime.report.coap.ExchangeWatch.Outcome;
import org.fieldnode.runtime.update.ReleaseSource;

/**
 * Releases from the collector's {@code /u} resource ({@link UpdateReports}) over the reporter's own DTLS session
 * and CoAP endpoint: {@code GET /u/<sequence>/m} for the signed manifest, {@code GET /u/<sequence>/p} with a Block2
 * option naming the block for each 512-byte block of the payload (RFC 7959 §2.4: the client asks for a block by
 * number, any block first, so a download resumes after the last kept block).
 *
 * <p>The reporter's endpoint hands block-wise transfers to this class instead of reassembling them (its
 * transparent block-wise handling is off, see {@link ClientConfiguration}): Californium would fetch a Block2
 * response with block number 0 as a whole (only a number above 0 counts as random access), which for a payload of
 * megabytes is neither resumable nor kind to the node's heap.
 */
final class CoapReleaseSource implements ReleaseSource {
    /** SZX 5: 512-byte blocks, the collector's block size. */
    static final int SZX = 5;

    /** Attempts per request before the fetch stops (it resumes at the next report from the kept blocks). */
    private static final int ATTEMPTS = 3;

    private final CoapReporter reporter;

    CoapReleaseSource(CoapReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public int blockSize() {
        return 1 << (SZX + 4);
    }

    @Override
    public byte[] manifest(long sequence) throws IOException {
        Response response = fetch(sequence, UpdateReports.MANIFEST, Optional.empty());
        if (response.getOptions().hasBlock2()
                && response.getOptions().getBlock2().isM()) {
            throw new IOException("the manifest of release " + sequence + " does not fit one message");
        }
        return response.getPayload();
    }

    @Override
    public Block payload(long sequence, long number) throws IOException {
        if (number > Integer.MAX_VALUE) {
            throw new IOException("block " + number + " is beyond what Block2 can name");
        }
        Response response = fetch(sequence, UpdateReports.PAYLOAD, Optional.of((int) number));
        BlockOption block = response.getOptions().getBlock2();
        if (block == null) {
            if (number == 0) {
                return new Block(response.getPayload(), false); // small enough to come whole
            }
            throw new IOException("block " + number + " of release " + sequence + " came without a Block2 option");
        }
        if (block.getSzx() != SZX || block.getNum() != number) {
            throw new IOException("asked for block " + number + " of 512 bytes, got block " + block.getNum() + " of "
                    + block.getSize());
        }
        return new Block(response.getPayload(), block.isM());
    }

    private Response fetch(long sequence, String part, Optional<Integer> block) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Request request = Request.newGet();
            request.setConfirmable(true);
            request.getOptions().setUriPath(UpdateReports.RESOURCE + "/" + sequence + "/" + part);
            block.ifPresent(number -> request.getOptions().setBlock2(SZX, false, number));
            Optional<Outcome> outcome;
            try {
                outcome = reporter.exchange(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching release " + sequence, e);
            }
            if (outcome.isPresent() && outcome.get() instanceof Outcome.Answered answered) {
                Response response = answered.response();
                if (response.getCode() == ResponseCode.CONTENT) {
                    return response;
                }
                if (response.getCode() == ResponseCode.NOT_FOUND || response.getCode() == ResponseCode.FORBIDDEN) {
                    throw new IOException(
                            response.getCode() + " for release " + sequence + ": " + response.getPayloadString());
                }
                last = new IOException(response.getCode() + " for release " + sequence);
            } else {
                last = new IOException("no answer from the collector for release " + sequence + " (" + part + ")");
            }
        }
        throw last;
    }
}
