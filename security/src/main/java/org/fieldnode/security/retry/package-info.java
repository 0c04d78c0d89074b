// SPDX-License-Identifier: Apache-2.0
/**
 * The retry policy of fieldnode: {@link org.fieldnode.security.retry.Backoff}, one exponential back-off with jitter
 * for every caller that tries again after a failure (SECURITY R38).
 *
 * <p>Why it lives in {@code security}: R38 is one of the trust requirements (a village of nodes must not stampede its
 * collector after a power cut), and its first caller, the enrolment state machine, is in {@code security}, which is
 * a leaf and may import no other fieldnode module. The node runtime (delivery, sensor re-open) and the collector
 * (its load test backs off as nodes do) both depend on {@code security} already, and the wire-contract module must
 * stay free of behaviour; so the lowest module every caller reaches is this one. The package depends on nothing but
 * the JDK, so it does not tie a caller to the rest of {@code security}.
 */
package org.fieldnode.security.retry;
