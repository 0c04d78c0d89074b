// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

/**
 * A {@code fieldnode} subcommand contributed by another module (the collector, the demo), found with {@link
 * java.util.ServiceLoader}. Implementations are picocli {@code @Command} classes with a public no-argument
 * constructor, so that a node's installation carries only the commands of the modules it ships.
 */
public interface FieldnodeSubcommand {}
