// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.util.Optional;

/** The two SenML representations fieldnode speaks, with their CoAP Content-Format numbers (RFC 8428 §12.3). */
public enum SenmlFormat {
    /** {@code application/senml+cbor} (RFC 8428 §6): integer labels, binary numbers; the default on the air. */
    CBOR(112, "application/senml+cbor"),
    /** {@code application/senml+json} (RFC 8428 §5): readable, larger; for debugging and plain tools. */
    JSON(110, "application/senml+json");

    private final int contentFormat;
    private final String mediaType;

    SenmlFormat(int contentFormat, String mediaType) {
        this.contentFormat = contentFormat;
        this.mediaType = mediaType;
    }

    /** The CoAP Content-Format number (RFC 7252 §12.3 registry), e.g. {@code 112}. */
    public int contentFormat() {
        return contentFormat;
    }

    /** The media type, e.g. {@code application/senml+cbor}. */
    public String mediaType() {
        return mediaType;
    }

    /** The format registered under {@code contentFormat}, or empty when fieldnode does not speak it. */
    public static Optional<SenmlFormat> byContentFormat(int contentFormat) {
        for (SenmlFormat format : values()) {
            if (format.contentFormat == contentFormat) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
