// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

/** A target of BENCHMARKS.md: on the ratio to the floor, or on the value itself. */
public sealed interface Target {
    boolean isMetBy(Figure figure);

    /** Shown in the table, e.g. "≤ 1.15× floor". */
    String describe();

    static Target ratioAtMost(double limit) {
        return new RatioAtMost(limit);
    }

    static Target ratioAtLeast(double limit) {
        return new RatioAtLeast(limit);
    }

    static Target atMost(double limit) {
        return new AtMost(limit);
    }

    static Target none() {
        return new None();
    }

    record RatioAtMost(double limit) implements Target {
        @Override
        public boolean isMetBy(Figure figure) {
            return figure.ratio() <= limit;
        }

        @Override
        public String describe() {
            return "≤ " + limit + "× floor";
        }
    }

    record RatioAtLeast(double limit) implements Target {
        @Override
        public boolean isMetBy(Figure figure) {
            return figure.ratio() >= limit;
        }

        @Override
        public String describe() {
            return "≥ " + limit + "× floor";
        }
    }

    record AtMost(double limit) implements Target {
        @Override
        public boolean isMetBy(Figure figure) {
            return figure.value() <= limit;
        }

        @Override
        public String describe() {
            return "≤ " + Figures.number(limit);
        }
    }

    record None() implements Target {
        @Override
        public boolean isMetBy(Figure figure) {
            return true;
        }

        @Override
        public String describe() {
            return "-";
        }
    }
}
