// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

import java.util.List;

/**
 * An error that found several located problems in a user's file ({@code FILE:LINE:COLUMN: ...}): {@link
 * CommandErrors} prints each on its own line, then the summary, and exits 2.
 */
public interface ProblemReport {
    /** One line per problem, as the user reads it. */
    List<String> problemLines();

    /** What the problems mean for the command, e.g. "the profile has 2 problem(s); nothing was started". */
    String summary();
}
