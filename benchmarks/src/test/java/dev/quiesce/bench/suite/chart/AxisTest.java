package dev.quiesce.bench.suite.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AxisTest {
    @Test
    void linearZeroTo97StepsByTwenty() {
        Axis a = Axis.linear(0, 97);
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, a.ticks());
        assertArrayEquals(new String[] {"0", "20", "40", "60", "80", "100"}, a.labels());
        assertEquals(0, a.lo());
        assertEquals(100, a.hi());
        assertEquals(0.5, a.frac(50), 1e-12);
    }

    @Test
    void linearTicksAreExactDecimals() {
        assertArrayEquals(new double[] {0.3, 0.35, 0.4, 0.45, 0.5}, Axis.linear(0.3, 0.5).ticks());
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, Axis.linear(0, 1).ticks());
        assertArrayEquals(new double[] {-10, -5, 0, 5, 10, 15}, Axis.linear(-7, 12).ticks());
    }

    @Test
    void linearTicksStepByOneTwoOrFiveAndNumberFourToEight() {
        Random r = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            double span = r.nextDouble() * Math.pow(10, r.nextInt(12) - 6);
            double lo = (r.nextDouble() - 0.3) * span * Math.pow(10, r.nextInt(7)); // up to a million spans off zero
            double hi = lo + span;
            Axis a = Axis.linear(lo, hi);
            double[] t = a.ticks();
            String where = "[" + lo + ", " + hi + "] -> " + Arrays.toString(t);
            assertTrue(t.length >= 4 && t.length <= 8, where);
            double step = t[1] - t[0];
            double rounding = 1e-9 * step + 1e-14 * Math.max(Math.abs(lo), Math.abs(hi));
            assertTrue(a.lo() <= lo + rounding && a.hi() >= hi - rounding, where);
            boolean nice = false;
            for (int m : new int[] {1, 2, 5}) {
                double p = m * Math.pow(10, Math.round(Math.log10(step / m)));
                nice |= Math.abs(step / p - 1) < 1e-3; // the ticks are doubles, so their difference is not exact
            }
            assertTrue(nice, where);
            assertEquals(t.length, new HashSet<>(Arrays.asList(a.labels())).size(), where);
        }
    }

    @Test
    void linearSingleValueGetsAMargin() {
        Axis a = Axis.linear(5, 5);
        assertTrue(a.lo() < 5 && a.hi() > 5);
        Axis z = Axis.linear(0, 0);
        assertEquals(0, z.lo());
        assertTrue(z.hi() > 0);
    }

    @Test
    void logOverThreeDecadesHasPowersOfTenOnly() {
        Axis a = Axis.log(3, 4000);
        assertArrayEquals(new double[] {10, 100, 1000}, a.ticks());
        assertArrayEquals(new String[] {"10", "100", "1k"}, a.labels());
        assertTrue(a.lo() <= 3 && a.hi() >= 4000);
        assertTrue(a.isLog());
    }

    @Test
    void logUnderThreeDecadesAddsTwoAndFiveMultiples() {
        Axis a = Axis.log(20, 900);
        assertArrayEquals(new double[] {20, 50, 100, 200, 500, 1000}, a.ticks());
        assertEquals(0, a.frac(20), 1e-12);
        assertEquals(1, a.frac(1000), 1e-12);
        assertEquals(0.5, a.frac(Math.sqrt(20 * 1000.0)), 1e-12);
    }

    @Test
    void logNarrowRangeStillHasThreeTicks() {
        Axis a = Axis.log(3, 4);
        assertTrue(a.ticks().length >= 3, Arrays.toString(a.ticks()));
        Axis one = Axis.log(10, 10);
        assertTrue(one.lo() < 10 && one.hi() > 10);
    }

    @Test
    void logSmallValues() {
        Axis a = Axis.log(0.0004, 0.3);
        assertArrayEquals(new double[] {0.001, 0.01, 0.1}, a.ticks());
        assertArrayEquals(new String[] {"0.001", "0.01", "0.1"}, a.labels());
        assertArrayEquals(new String[] {"1e-4", "2e-4", "5e-4"}, Axis.log(0.0001, 0.0005).labels());
    }

    @Test
    void logRejectsNonPositive() {
        assertThrows(IllegalArgumentException.class, () -> Axis.log(0, 10));
        assertThrows(IllegalArgumentException.class, () -> Axis.linear(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Axis.linear(Double.NaN, 1));
    }

    @Test
    void labelsGainDigitsUntilDistinct() {
        Axis a = Axis.linear(10_000, 10_100);
        assertEquals(a.ticks().length, new HashSet<>(Arrays.asList(a.labels())).size(), Arrays.toString(a.labels()));
        assertEquals("10k", a.labels()[0]);
    }

    @Test
    void fixedTicksSpanDataAndTicks() {
        Axis a = Axis.fixed(0.5, 3.5, false, new double[] {0.30103, 1, 2, 3, 4}, new String[] {"50%", "90%", "99%", "99.9%", "99.99%"});
        assertEquals(0.30103, a.lo());
        assertEquals(4, a.hi());
        assertArrayEquals(new String[] {"50%", "90%", "99%", "99.9%", "99.99%"}, a.labels());
        Axis l = Axis.fixed(5, 50, true, new double[] {0, 10, 100}, new String[] {"zero", "ten", "hundred"});
        assertArrayEquals(new String[] {"ten", "hundred"}, l.labels());
    }
}
