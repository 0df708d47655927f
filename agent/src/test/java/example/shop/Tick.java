package example.shop;

/** A method small enough that a loop calling it has no safepoint poll of its own once it is instrumented. */
public final class Tick {
    private Tick() {}

    public static long tick(long x) {
        return (x * 31) ^ (x >>> 3);
    }
}
