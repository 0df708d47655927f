package dev.quiesce.bench.suite.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One chart axis: a domain, linear or base-10 logarithmic, with its tick values and labels. {@link #frac}
 * maps a value to its position, 0 at the low end, 1 at the high end.
 *
 * <p>Linear ticks step by 1, 2 or 5 times a power of ten, 4 to 8 of them, and the domain is widened to
 * the first and last tick (a value within a billionth of a step beyond a tick counts as on it). Log domains are widened to the nearest 1, 2 or 5 times a power of ten; ticks
 * are the powers of ten inside, plus their 2 and 5 multiples when the domain spans fewer than 3 decades,
 * plus all 1..9 multiples when that still gives fewer than 3 ticks.
 */
final class Axis {
    private static final double EPS = 1e-9;

    private final double lo;
    private final double hi;
    private final boolean log;
    private final double[] ticks;
    private final String[] labels;

    private Axis(double lo, double hi, boolean log, double[] ticks, String[] labels) {
        this.lo = lo;
        this.hi = hi;
        this.log = log;
        this.ticks = ticks;
        this.labels = labels;
    }

    /** A linear axis over at least [min, max]; a single value gets a margin around it. */
    static Axis linear(double min, double max) {
        checkRange(min, max);
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min = min == 0 ? 0 : min - pad;
            max += pad;
        }
        int exp = (int) Math.floor(Math.log10((max - min) / 6));
        for (int m : new int[] {1, 2, 5, 10}) {
            double step = m * Math.pow(10, exp);
            long a = (long) Math.floor(min / step + slack(min / step));
            long b = (long) Math.ceil(max / step - slack(max / step));
            if (b - a <= 7 || m == 10) {
                double[] t = new double[(int) (b - a + 1)];
                for (int i = 0; i < t.length; i++) {
                    t[i] = decimal(m * (a + i), exp); // exact decimal, so 0.3 and not 0.30000000000000004
                }
                return new Axis(t[0], t[t.length - 1], false, t, labels(t));
            }
        }
        throw new AssertionError("unreachable");
    }

    /** A log axis over at least [min, max], both positive. */
    static Axis log(double min, double max) {
        checkRange(min, max);
        if (min <= 0) {
            throw new IllegalArgumentException("log axis needs positive values, got " + min);
        }
        double lo = down125(min);
        double hi = up125(max);
        if (lo == hi) {
            lo = down125(lo * 0.99);
            hi = up125(hi * 1.01);
        }
        double decades = Math.log10(hi / lo);
        List<Double> t = new ArrayList<>();
        for (int multiples : decades < 3 ? new int[] {1, 2, 5} : new int[] {1}) {
            addMultiples(t, lo, hi, multiples);
        }
        if (t.size() < 3) {
            t.clear();
            for (int m = 1; m <= 9; m++) {
                addMultiples(t, lo, hi, m);
            }
        }
        double[] v = t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Axis(lo, hi, true, v, labels(v));
    }

    /**
     * An axis with the given ticks and labels, spanning the data [min, max] and the ticks, not widened
     * further. Ticks a log axis cannot show (not positive) are left out; NaN min/max mean "no data".
     */
    static Axis fixed(double min, double max, boolean log, double[] ticks, String[] labels) {
        List<Double> tv = new ArrayList<>();
        List<String> tl = new ArrayList<>();
        double lo = min;
        double hi = max;
        for (int i = 0; i < ticks.length; i++) {
            if (Double.isFinite(ticks[i]) && (!log || ticks[i] > 0)) {
                tv.add(ticks[i]);
                tl.add(labels[i]);
                lo = Double.isNaN(lo) ? ticks[i] : Math.min(lo, ticks[i]);
                hi = Double.isNaN(hi) ? ticks[i] : Math.max(hi, ticks[i]);
            }
        }
        if (Double.isNaN(lo)) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        } else if (lo == hi) {
            lo = log ? lo / 2 : lo - 1;
            hi = log ? hi * 2 : hi + 1;
        }
        return new Axis(lo, hi, log, tv.stream().mapToDouble(Double::doubleValue).toArray(), tl.toArray(new String[0]));
    }

    double lo() {
        return lo;
    }

    double hi() {
        return hi;
    }

    boolean isLog() {
        return log;
    }

    double[] ticks() {
        return ticks.clone();
    }

    String[] labels() {
        return labels.clone();
    }

    /** Position of {@code v}: 0 at {@link #lo}, 1 at {@link #hi}. */
    double frac(double v) {
        return log ? Math.log10(v / lo) / Math.log10(hi / lo) : (v - lo) / (hi - lo);
    }

    /** Whether {@code v} can be placed on this axis (finite, and positive on a log axis). */
    boolean accepts(double v) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /** Compact labels with the fewest significant digits (3 or more) that keep neighbours apart. */
    static String[] labels(double[] values) {
        for (int digits = 3; ; digits++) {
            String[] s = new String[values.length];
            boolean distinct = true;
            for (int i = 0; i < values.length; i++) {
                s[i] = Svg.compact(values[i], digits);
                distinct &= i == 0 || !s[i].equals(s[i - 1]) || values[i] == values[i - 1];
            }
            if (distinct || digits >= 17) {
                return s;
            }
        }
    }

    private static void checkRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("bad axis range [" + min + ", " + max + "]");
        }
    }

    /** How far {@code q} (a value over a step) may be off a whole number and still count as one: rounding, no more. */
    private static double slack(double q) {
        return EPS + Math.abs(q) * 1e-14;
    }

    private static void addMultiples(List<Double> out, double lo, double hi, int m) {
        for (int e = (int) Math.floor(Math.log10(lo)) - 1; e <= (int) Math.ceil(Math.log10(hi)); e++) {
            double t = decimal(m, e);
            if (t >= lo * (1 - EPS) && t <= hi * (1 + EPS)) {
                out.add(t);
            }
        }
    }

    /** The largest 1, 2 or 5 times a power of ten at or below {@code v}. */
    private static double down125(double v) {
        int e = (int) Math.floor(Math.log10(v));
        for (int m : new int[] {5, 2, 1}) {
            if (decimal(m, e) <= v * (1 + EPS)) {
                return decimal(m, e);
            }
        }
        return decimal(1, e);
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}. */
    private static double up125(double v) {
        int e = (int) Math.floor(Math.log10(v));
        for (int m : new int[] {1, 2, 5}) {
            if (decimal(m, e) >= v * (1 - EPS)) {
                return decimal(m, e);
            }
        }
        return decimal(1, e + 1);
    }

    /** {@code m * 10^exp} as the double nearest the exact decimal. */
    private static double decimal(long m, int exp) {
        return BigDecimal.valueOf(m).scaleByPowerOfTen(exp).doubleValue();
    }
}
