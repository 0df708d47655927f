package dev.quiesce.examples.shop;

/**
 * Totals a basket: the sum of its prices, 5% off a subtotal of 100.00 or more, 4.99 shipping under 50.00.
 * Amounts are in cents.
 */
public final class Checkout {
    /** Subtotal from which the discount applies. */
    public static final long DISCOUNT_FROM = 100_00;
    /** Subtotal under which shipping is charged. */
    public static final long FREE_SHIPPING_FROM = 50_00;
    /** Shipping charged under {@link #FREE_SHIPPING_FROM}. */
    public static final long SHIPPING = 4_99;

    /**
     * The amount to pay for items of these prices, in cents.
     *
     * @throws IllegalArgumentException if {@code prices} is empty or holds a negative price
     */
    public long total(long[] prices) {
        if (prices.length == 0) {
            throw new IllegalArgumentException("an empty basket has no total");
        }
        long subtotal = 0;
        for (long p : prices) {
            if (p < 0) {
                throw new IllegalArgumentException("negative price " + p);
            }
            subtotal = Math.addExact(subtotal, p);
        }
        if (subtotal >= DISCOUNT_FROM) {
            return subtotal - (subtotal * 5 + 50) / 100; // 5% off, rounded to the nearest cent
        }
        return subtotal < FREE_SHIPPING_FROM ? subtotal + SHIPPING : subtotal;
    }

    /** {@code cents} as a decimal amount, e.g. 1234 as "12.34". */
    public static String format(long cents) {
        String sign = cents < 0 ? "-" : "";
        long c = Math.abs(cents);
        return sign + c / 100 + "." + (c % 100 < 10 ? "0" : "") + c % 100;
    }
}
