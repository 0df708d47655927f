package dev.quiesce.examples.shop;

import java.util.concurrent.locks.LockSupport;

/**
 * The shop's price list: items 1 to {@value #SIZE}, each with a fixed price in cents.
 *
 * <p>Pricing costs what real pricing might: most items (12 in 20) take a short rules pass (about a microsecond),
 * 5 in 20 a longer one (about 15 us), 2 in 20 a long one (about 150 us), and 1 in 20 also waits for its
 * supplier's stock check (1 to 3 ms, blocking). The tier depends only on the item, so a latency
 * histogram of {@link #price(long)} under random items has buckets from about 1 us to a few ms.
 *
 * <p>Not final: tests plant faults in a subclass.
 */
public class Catalog {
    /** Items are numbered 1 to SIZE. */
    public static final int SIZE = 1000;

    /** Thrown for an item the catalog does not have; the service answers 404. */
    public static final class NoSuchItemException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoSuchItemException(long item) {
            super("no such item: " + item + " (items are 1 to " + SIZE + ")");
        }
    }

    /**
     * The price of {@code item} in cents (99 to 9998); the same item always has the same price.
     *
     * @throws NoSuchItemException unless {@code 1 <= item <= SIZE}
     */
    public long price(long item) {
        if (item < 1 || item > SIZE) {
            throw new NoSuchItemException(item);
        }
        int tier = (int) (item % 20);
        int rounds = tier < 12 ? 300 : tier < 17 ? 8_000 : 80_000;
        long h = item;
        for (int i = 0; i < rounds; i++) { // the pricing rules: a mixing pass whose length depends on the item
            h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + i;
        }
        if (tier == 19) {
            awaitSupplier(1 + item % 3);
        }
        return 99 + Long.remainderUnsigned(h, 9_900);
    }

    /** The supplier's stock check: a blocking wait of {@code millis}. An interrupt ends it early and is kept. */
    private static void awaitSupplier(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis * 1_000_000L; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
