package dev.quiesce.bench.suite.chart;

/**
 * Series and group colours: the eight Okabe-Ito colours, distinguishable with the common colour-vision
 * deficiencies, ordered so the most legible come first. From the ninth series on the colours repeat with a
 * dash pattern, so no two of the first 32 series look alike.
 */
final class Palette {
    private static final String[] COLORS = {
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#E69F00", // orange
        "#CC79A7", // reddish purple
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    };
    private static final String[] DASHES = {null, "7 4", "2 3", "9 3 2 3"};

    private Palette() {}

    static int size() {
        return COLORS.length;
    }

    static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    /** The {@code stroke-dasharray} of series {@code i}; null (solid) for the first eight. */
    static String dash(int i) {
        return DASHES[(i / COLORS.length) % DASHES.length];
    }
}
