package dev.quiesce.bench.suite.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A horizontal bar chart as a standalone SVG document: one bar per row, labelled on the left, its value
 * written at its end, an optional error whisker, and a value axis (linear from zero, or base 10 log) at
 * the bottom. Bars of one group share a colour; a legend lists the groups when there is more than one.
 * The picture grows taller with the number of bars.
 *
 * <p>Calls add to this chart and return it; {@link #toSvg()} may be called at any time and gives the same
 * bytes for the same calls. Not thread-safe.
 *
 * <p>A value the scale cannot show (NaN, infinite, or not positive on a log scale) draws no bar and reads
 * "n/a"; it does not throw. Null labels, groups, units or notes are rejected with
 * {@link IllegalArgumentException}, and so are error bounds that are not finite or do not enclose the value
 * ({@code errorLow <= value <= errorHigh}). On a log scale a whisker reaching zero or below is cut at the
 * axis. A chart without bars says "no data".
 */
public final class BarChart {
    private static final double ROW = 24;
    private static final double BAR = 14;
    private static final double FONT = 12;

    private final String title;
    private final String valueLabel;
    private final List<Bar> bars = new ArrayList<>();
    private final Map<String, Integer> groups = new LinkedHashMap<>();
    private int width = 760;
    private boolean log;
    private String unit = "";
    private String note;

    private record Bar(String label, double value, double low, double high, boolean whisker, String group) {}

    public BarChart(String title, String valueLabel) {
        this.title = requireText(title, "title");
        this.valueLabel = requireText(valueLabel, "value label");
    }

    /** Width of the picture in pixels; 760 unless set. The height follows from the number of bars. */
    public BarChart width(int width) {
        if (width < 200) {
            throw new IllegalArgumentException("chart width " + width + " is below the minimum 200");
        }
        this.width = width;
        return this;
    }

    /** Base-10 logarithmic value axis; bars then start at the axis' low end. */
    public BarChart logScale(boolean log) {
        this.log = log;
        return this;
    }

    /** The unit written after each bar's value, such as "ns"; none unless set. */
    public BarChart unit(String unit) {
        this.unit = requireText(unit, "unit");
        return this;
    }

    /** Adds a bar; {@code group} selects its colour. */
    public BarChart bar(String label, double value, String group) {
        return add(new Bar(requireText(label, "bar label"), value, Double.NaN, Double.NaN, false, requireText(group, "group")));
    }

    /** Adds a bar with an error whisker from {@code errorLow} to {@code errorHigh}, in data units (not offsets). */
    public BarChart bar(String label, double value, double errorLow, double errorHigh, String group) {
        requireText(label, "bar label");
        requireText(group, "group");
        if (!Double.isFinite(errorLow) || !Double.isFinite(errorHigh) || errorLow > errorHigh
                || (Double.isFinite(value) && (errorLow > value || value > errorHigh))) {
            throw new IllegalArgumentException("bar '" + label + "': error bounds [" + errorLow + ", " + errorHigh
                    + "] must be finite and enclose the value " + value);
        }
        return add(new Bar(label, value, errorLow, errorHigh, true, group));
    }

    /** A small caption line under the chart, such as the machine and JDK; replaces an earlier one. */
    public BarChart note(String text) {
        this.note = requireText(text, "note");
        return this;
    }

    private BarChart add(Bar b) {
        bars.add(b);
        groups.putIfAbsent(b.group, groups.size());
        return this;
    }

    public String toSvg() {
        if (bars.isEmpty()) {
            int height = 120;
            Svg svg = new Svg(width, height);
            svg.text(title, "x", width / 2.0, "y", 24, "text-anchor", "middle", "font-size", 16, "font-weight", "bold");
            svg.text("no data", "x", width / 2.0, "y", 70, "text-anchor", "middle", "font-size", 14, "fill", "#555555");
            noteAt(svg, height);
            return svg.finish();
        }
        Axis axis = axis();
        double base = log ? axis.lo() : 0;

        double labelWidth = 0;
        double valueWidth = 0;
        for (Bar b : bars) {
            labelWidth = Math.max(labelWidth, Svg.textWidth(b.label, FONT));
            valueWidth = Math.max(valueWidth, Svg.textWidth(valueText(b, axis), FONT));
        }
        double left = Math.max(40, labelWidth + 20);
        double right = width - valueWidth - 16;

        List<double[]> legendAt = legendLayout();
        double top = 40 + (legendAt.isEmpty() ? 0 : legendAt.get(legendAt.size() - 1)[1] - 40 + 22);
        double bottom = top + bars.size() * ROW;
        int height = (int) Math.ceil(bottom + 44 + (note == null ? 0 : 16));

        Svg svg = new Svg(width, height);
        svg.text(title, "x", width / 2.0, "y", 24, "text-anchor", "middle", "font-size", 16, "font-weight", "bold");
        legend(svg, legendAt);

        double span = right - left;
        svg.open("class", "axis", "font-size", 11, "fill", "#333333");
        double[] ticks = axis.ticks();
        String[] labels = axis.labels();
        for (int i = 0; i < ticks.length; i++) {
            double x = left + axis.frac(ticks[i]) * span;
            svg.element("line", "x1", x, "y1", top, "x2", x, "y2", bottom, "stroke", "#e0e0e0");
            svg.text(labels[i], "x", x, "y", bottom + 16, "text-anchor", "middle");
        }
        svg.element("line", "x1", left, "y1", bottom, "x2", right, "y2", bottom, "stroke", "#333333");
        svg.close();
        svg.text(valueLabel, "x", (left + right) / 2, "y", bottom + 34, "text-anchor", "middle", "font-size", FONT);

        double x0 = left + axis.frac(base) * span;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double cy = top + ROW * i + ROW / 2;
            svg.open("class", "bar");
            svg.text(b.label, "x", left - 8, "y", cy + 4, "text-anchor", "end", "font-size", FONT);
            double end = x0;
            if (axis.accepts(b.value)) {
                double x = left + axis.frac(b.value) * span;
                svg.element("rect", "x", Math.min(x0, x), "y", cy - BAR / 2, "width", Math.abs(x - x0), "height", BAR,
                        "fill", Palette.color(groups.get(b.group)));
                end = Math.max(end, x);
                if (b.whisker) {
                    double lo = left + (axis.accepts(b.low) ? axis.frac(b.low) : 0) * span;
                    double hi = left + axis.frac(b.high) * span;
                    svg.element("path", "d", "M" + Svg.num(lo) + " " + Svg.num(cy) + " H" + Svg.num(hi)
                            + " M" + Svg.num(lo) + " " + Svg.num(cy - 4) + " V" + Svg.num(cy + 4)
                            + " M" + Svg.num(hi) + " " + Svg.num(cy - 4) + " V" + Svg.num(cy + 4),
                            "stroke", "#222222", "stroke-width", 1.2, "fill", "none");
                    end = Math.max(end, hi);
                }
            }
            svg.text(valueText(b, axis), "x", end + 5, "y", cy + 4, "font-size", FONT, "fill", "#222222");
            svg.close();
        }
        if (!log && axis.lo() < 0) {
            svg.element("line", "x1", x0, "y1", top, "x2", x0, "y2", bottom, "stroke", "#333333");
        }
        noteAt(svg, height);
        return svg.finish();
    }

    private String valueText(Bar b, Axis axis) {
        if (!axis.accepts(b.value)) {
            return "n/a";
        }
        String v = Svg.compact(b.value, 3);
        return unit.isEmpty() ? v : v + " " + unit;
    }

    /** The value axis over every value and whisker end the scale can show. */
    private Axis axis() {
        double min = log ? Double.NaN : 0;
        double max = log ? Double.NaN : 0;
        for (Bar b : bars) {
            for (double v : b.whisker ? new double[] {b.value, b.low, b.high} : new double[] {b.value}) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    min = Double.isNaN(min) ? v : Math.min(min, v);
                    max = Double.isNaN(max) ? v : Math.max(max, v);
                }
            }
        }
        if (log) {
            return Double.isNaN(min) ? Axis.log(1, 10) : Axis.log(min, max);
        }
        return Axis.linear(min, max);
    }

    /** Positions (x, baseline y) of the group legend entries, flowing into rows; empty for a single group. */
    private List<double[]> legendLayout() {
        List<double[]> at = new ArrayList<>();
        if (groups.size() < 2) {
            return at;
        }
        double x = 20;
        double y = 48;
        for (String g : groups.keySet()) {
            double w = 18 + Svg.textWidth(g, FONT) + 16;
            if (x > 20 && x + w > width - 20) {
                x = 20;
                y += 18;
            }
            at.add(new double[] {x, y});
            x += w;
        }
        return at;
    }

    private void legend(Svg svg, List<double[]> at) {
        if (at.isEmpty()) {
            return;
        }
        svg.open("class", "legend", "font-size", FONT);
        int i = 0;
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            double[] p = at.get(i++);
            svg.element("rect", "x", p[0], "y", p[1] - 10, "width", 12, "height", 12, "fill", Palette.color(g.getValue()));
            svg.text(g.getKey(), "x", p[0] + 18, "y", p[1]);
        }
        svg.close();
    }

    private void noteAt(Svg svg, int height) {
        if (note != null) {
            svg.text(note, "x", width / 2.0, "y", height - 8, "text-anchor", "middle", "font-size", 10, "fill", "#555555");
        }
    }

    private static String requireText(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return s;
    }
}
