package dev.quiesce.bench.suite.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as a standalone SVG document: one line with circle markers per series, axes with "nice"
 * ticks (linear or base 10 log), a legend to the right of the plot and an optional caption
 * line. Colours come from a colour-blind-friendly palette; series nine on are dashed.
 *
 * <p>Calls add to this chart and return it; {@link #toSvg()} may be called at any time and gives the same
 * bytes for the same calls. Arrays are copied when passed in. Not thread-safe.
 *
 * <p>Points are skipped, not drawn, when x or y is NaN or infinite, or not positive on a log axis; the line
 * breaks at a skipped point. A linear y axis starts at zero when no y is negative. Null names, labels or
 * arrays, {@code xs}/{@code ys} of different lengths and tick arrays of different lengths are rejected
 * with {@link IllegalArgumentException}. A chart with no drawable point says "no data".
 */
public final class LineChart {
    private static final double TICK_FONT = 11;
    private static final double LEGEND_FONT = 12;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int width = 900;
    private int height = 440;
    private boolean xLog;
    private boolean yLog;
    private double[] xTickValues;
    private String[] xTickLabels;
    private String note;

    private record Series(String name, double[] xs, double[] ys) {}

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = requireText(title, "title");
        this.xLabel = requireText(xLabel, "x label");
        this.yLabel = requireText(yLabel, "y label");
    }

    /** Size of the picture in pixels; 900 x 440 unless set. */
    public LineChart size(int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart size " + width + "x" + height + " is below the minimum 200x150");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Base-10 logarithmic x axis. */
    public LineChart xLog(boolean log) {
        this.xLog = log;
        return this;
    }

    /** Base-10 logarithmic y axis. */
    public LineChart yLog(boolean log) {
        this.yLog = log;
        return this;
    }

    /**
     * Ticks of the x axis at {@code values} (in data units, already transformed if the data is) with the
     * given labels, instead of automatic ones; the x axis then spans the data and these ticks.
     */
    public LineChart xTicks(double[] values, String[] labels) {
        if (values == null || labels == null) {
            throw new IllegalArgumentException("x tick values and labels must not be null");
        }
        if (values.length != labels.length) {
            throw new IllegalArgumentException("x ticks: " + values.length + " values but " + labels.length + " labels");
        }
        for (String l : labels) {
            requireText(l, "x tick label");
        }
        this.xTickValues = values.clone();
        this.xTickLabels = labels.clone();
        return this;
    }

    /** Adds a series: a line through the points (xs[i], ys[i]) in order, with a marker at each. */
    public LineChart series(String name, double[] xs, double[] ys) {
        requireText(name, "series name");
        if (xs == null || ys == null) {
            throw new IllegalArgumentException("series '" + name + "': xs and ys must not be null");
        }
        if (xs.length != ys.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "': xs has " + xs.length + " values but ys has " + ys.length);
        }
        series.add(new Series(name, xs.clone(), ys.clone()));
        return this;
    }

    /** A small caption line under the plot, such as the machine and JDK; replaces an earlier one. */
    public LineChart note(String text) {
        this.note = requireText(text, "note");
        return this;
    }

    public String toSvg() {
        Svg svg = new Svg(width, height);
        svg.text(title, "x", width / 2.0, "y", 24, "text-anchor", "middle", "font-size", 16, "font-weight", "bold");
        double bottom = height - (note == null ? 14 : 30);
        if (note != null) {
            svg.text(note, "x", width / 2.0, "y", height - 10, "text-anchor", "middle", "font-size", 10, "fill", "#555555");
        }

        double[] xr = range(true);
        double[] yr = range(false);
        if (Double.isNaN(xr[0]) || Double.isNaN(yr[0])) {
            svg.text("no data", "x", width / 2.0, "y", height / 2.0, "text-anchor", "middle", "font-size", 14, "fill", "#555555");
            return svg.finish();
        }
        Axis x = xTickValues != null ? Axis.fixed(xr[0], xr[1], xLog, xTickValues, xTickLabels)
                : xLog ? Axis.log(xr[0], xr[1]) : Axis.linear(xr[0], xr[1]);
        Axis y = yLog ? Axis.log(yr[0], yr[1]) : Axis.linear(Math.min(0, yr[0]), yr[1]);

        double yLabelWidth = 0;
        for (String l : y.labels()) {
            yLabelWidth = Math.max(yLabelWidth, Svg.textWidth(l, TICK_FONT));
        }
        double left = 30 + yLabelWidth + 8;
        double right = width - 20 - (series.isEmpty() ? 0 : legendWidth() + 12); // the legend sits right of the plot
        double top = 40;
        double plotBottom = bottom - 36;
        Plot p = new Plot(x, y, left, right, top, plotBottom);

        p.grid(svg);
        svg.text(xLabel, "x", (left + right) / 2, "y", bottom - 4, "text-anchor", "middle", "font-size", 12);
        double ly = (top + plotBottom) / 2;
        svg.text(yLabel, "x", 16, "y", ly, "text-anchor", "middle", "font-size", 12,
                "transform", "rotate(-90 16 " + Svg.num(ly) + ")");

        for (int i = 0; i < series.size(); i++) {
            drawSeries(svg, p, series.get(i), i);
        }
        legend(svg, right + 12, top);
        return svg.finish();
    }

    private void drawSeries(Svg svg, Plot p, Series s, int index) {
        String color = Palette.color(index);
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        List<double[]> points = new ArrayList<>();
        for (int j = 0; j < s.xs.length; j++) {
            if (!p.x.accepts(s.xs[j]) || !p.y.accepts(s.ys[j])) {
                pen = false;
                continue;
            }
            double px = p.px(s.xs[j]);
            double py = p.py(s.ys[j]);
            d.append(d.length() == 0 ? "" : " ").append(pen ? 'L' : 'M').append(Svg.num(px)).append(' ').append(Svg.num(py));
            pen = true;
            points.add(new double[] {px, py});
        }
        svg.open("class", "series", "stroke", color, "fill", color);
        if (d.length() > 0) {
            svg.element("path", "d", d.toString(), "fill", "none", "stroke-width", 2,
                    "stroke-dasharray", Palette.dash(index), "stroke-linejoin", "round");
        }
        for (double[] pt : points) {
            svg.element("circle", "cx", pt[0], "cy", pt[1], "r", 3, "stroke", "none");
        }
        svg.close();
    }

    private double legendWidth() {
        double textWidth = 0;
        for (Series s : series) {
            textWidth = Math.max(textWidth, Svg.textWidth(s.name, LEGEND_FONT));
        }
        return textWidth + 42;
    }

    private void legend(Svg svg, double x, double y) {
        if (series.isEmpty()) {
            return;
        }
        double row = 16;
        svg.open("class", "legend");
        svg.element("rect", "x", x, "y", y, "width", legendWidth(), "height", series.size() * row + 8,
                "fill", "#ffffff", "fill-opacity", 0.85, "stroke", "#999999", "stroke-width", 0.5);
        for (int i = 0; i < series.size(); i++) {
            double cy = y + 4 + row * i + row / 2;
            String color = Palette.color(i);
            svg.element("line", "x1", x + 6, "y1", cy, "x2", x + 30, "y2", cy, "stroke", color, "stroke-width", 2,
                    "stroke-dasharray", Palette.dash(i));
            svg.element("circle", "cx", x + 18, "cy", cy, "r", 3, "fill", color);
            svg.text(series.get(i).name, "x", x + 36, "y", cy + 4, "font-size", LEGEND_FONT);
        }
        svg.close();
    }

    /** [min, max] of the drawable x (or y) values, NaN when there are none. */
    private double[] range(boolean ofX) {
        double min = Double.NaN;
        double max = Double.NaN;
        for (Series s : series) {
            for (int j = 0; j < s.xs.length; j++) {
                if (drawable(s.xs[j], xLog) && drawable(s.ys[j], yLog)) {
                    double v = ofX ? s.xs[j] : s.ys[j];
                    min = Double.isNaN(min) ? v : Math.min(min, v);
                    max = Double.isNaN(max) ? v : Math.max(max, v);
                }
            }
        }
        return new double[] {min, max};
    }

    private static boolean drawable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    private static String requireText(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return s;
    }

    /** The plot area and its two axes: pixel mapping, grid, ticks. */
    private record Plot(Axis x, Axis y, double left, double right, double top, double bottom) {
        double px(double v) {
            return left + x.frac(v) * (right - left);
        }

        double py(double v) {
            return bottom - y.frac(v) * (bottom - top);
        }

        void grid(Svg svg) {
            svg.open("class", "axes", "font-size", TICK_FONT, "fill", "#333333");
            double[] xt = x.ticks();
            String[] xl = x.labels();
            for (int i = 0; i < xt.length; i++) {
                double px = px(xt[i]);
                svg.element("line", "x1", px, "y1", top, "x2", px, "y2", bottom, "stroke", "#e0e0e0");
                svg.text(xl[i], "x", px, "y", bottom + 16, "text-anchor", "middle");
            }
            double[] yt = y.ticks();
            String[] yl = y.labels();
            for (int i = 0; i < yt.length; i++) {
                double py = py(yt[i]);
                svg.element("line", "x1", left, "y1", py, "x2", right, "y2", py, "stroke", "#e0e0e0");
                svg.text(yl[i], "x", left - 6, "y", py + 4, "text-anchor", "end");
            }
            svg.element("rect", "x", left, "y", top, "width", right - left, "height", bottom - top,
                    "fill", "none", "stroke", "#333333");
            svg.close();
        }
    }
}
