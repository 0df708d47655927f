package example.shop;

/** Probed, then left alone long enough for the agent to strip its sites. */
public final class Idle {
    private Idle() {}

    public static int work(int x) {
        return x + 1;
    }
}
