package dev.quiesce.bench.suite;

import java.util.Locale;

/** Numbers for tables and progress lines: three significant digits, thousands separated, "n/a" for NaN. */
final class Fmt {
    private Fmt() {
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A ratio: {@code 0.105x}, {@code 3.48x}. */
    static String ratio(double v) {
        return Double.isFinite(v) ? (v < 10 ? String.format(Locale.ROOT, "%.3gx", v) : String.format(Locale.ROOT, "%.0fx", v))
                : "n/a";
    }

    /** A change in percent with its sign: {@code +4.2%}. */
    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f%%", v) : "n/a";
    }

    /** {@code value ± error}, the error left out when unknown. */
    static String withError(double v, double error) {
        return Double.isFinite(error) ? num(v) + " ± " + num(error) : num(v);
    }
}
