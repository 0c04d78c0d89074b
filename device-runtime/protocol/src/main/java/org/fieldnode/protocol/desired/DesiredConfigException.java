// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.desired;

/**
 * A desired configuration, or one entry of it, that is not valid. The message is one short line, no longer than
 * {@link DesiredConfigCodec#MAX_REASON_BYTES} bytes, fit to go back to the collector as the rejection reason.
 */
public final class DesiredConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public DesiredConfigException(String message) {
        super(DesiredConfigCodec.shortReason(message));
    }
}
