// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.stream.Collectors;
import org.fieldnode.cli.ProblemReport;

/** A profile could not be used; carries every problem found, not only the first. */
public final class ProfileException extends Exception implements ProblemReport {
    private final transient List<ProfileProblem> problems;

    public ProfileException(List<ProfileProblem> problems) {
        super(problems.stream().map(ProfileProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ProfileException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** A problem that has no position in a file, such as a profile that does not exist. */
    public static ProfileException of(String source, String message) {
        return new ProfileException(List.of(new ProfileProblem(source, 1, 1, "", message)));
    }

    public List<ProfileProblem> problems() {
        return problems;
    }

    @Override
    public List<String> problemLines() {
        return problems.stream().map(ProfileProblem::toString).toList();
    }

    @Override
    public String summary() {
        return "the profile has " + problems.size() + " problem(s); nothing was started";
    }
}
