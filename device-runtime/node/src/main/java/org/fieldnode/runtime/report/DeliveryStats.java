// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

/**
 * Readings counted by the delivery loop.
 *
 * @param sent readings handed to the transport at least once
 * @param acknowledged readings the collector confirmed it stored
 * @param rejected readings in batches the collector refused for good
 * @param attempts batch sends, retries included
 */
public record DeliveryStats(long sent, long acknowledged, long rejected, long attempts) {}
