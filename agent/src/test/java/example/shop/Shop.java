package example.shop;

import java.util.concurrent.locks.LockSupport;

/** A small service the in-JVM tests probe: hot methods, a slow one, one that throws, long loops. */
public class Shop {
    private long sold;

    public long price(long item) {
        sold++;
        return item * 31 + 7;
    }

    public static int discount(int percent) {
        if (percent < 0) {
            throw new IllegalArgumentException("negative discount " + percent);
        }
        return 100 - percent;
    }

    public String slow(long nanos) {
        LockSupport.parkNanos(nanos);
        return "done";
    }

    /** Calls {@link #price} {@code n} times in one long loop (one frame that stays on the stack). */
    public long priceMany(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += price(i);
        }
        return s;
    }

    public long sold() {
        return sold;
    }
}
