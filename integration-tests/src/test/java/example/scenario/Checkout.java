package example.scenario;

/** The method both agents of {@link SecondAgentScenario} instrument. */
public final class Checkout {
    private Checkout() {}

    public static long price(long item) {
        return item * 31 + 7;
    }
}
