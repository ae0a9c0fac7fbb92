package org.psrnn.results;

import org.psrnn.analysis.PairedTests;

/**
 * A paired test of one metric between two rules across seeds.
 *
 * @param a              the first rule
 * @param b              the second
 * @param metric         the metric
 * @param n              pairs (seeds where both values are defined)
 * @param meanDifference mean of a - b over the pairs
 * @param wilcoxon       the Wilcoxon signed-rank test
 * @param permutationP   the two-sided p of the exact sign-flip permutation test
 */
public record PairTest(String a, String b, Metric metric, int n, double meanDifference, PairedTests.Wilcoxon wilcoxon,
                       double permutationP) {}
