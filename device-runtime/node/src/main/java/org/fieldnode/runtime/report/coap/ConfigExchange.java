// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.util.List;
import org.fieldnode.protocol.desired.DesiredConfigCodec;

/**
 * The node's side of the desired-configuration exchange ({@link DesiredConfigCodec}): what it tells the collector
 * with each report, and what it does with a configuration the collector sends back on an acknowledgement.
 */
public interface ConfigExchange {
    /** The Uri-Query options for the next report: {@code c=}, and after a refusal {@code cr=} and {@code cw=}. */
    List<String> queries();

    /** A desired configuration arrived (the CBOR payload of a 2.04, Content-Format 60). Never throws. */
    void offered(byte[] payload);
}
