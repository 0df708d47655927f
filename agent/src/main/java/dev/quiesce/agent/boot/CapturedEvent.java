package dev.quiesce.agent.boot;

/**
 * One hit captured by a {@code capture} probe.
 *
 * @param epochMillis wall-clock time of the hit
 * @param thread the name of the thread that hit the site
 * @param site the method, e.g. {@code com.example.Checkout.price(long)}
 * @param kind {@code entry}, {@code return} or {@code throw}
 * @param text the arguments, the returned value or the exception, rendered without calling application code
 *        and cut to the probe's {@code maxBytes}
 * @param nanos for timing probes the invocation's latency, else -1
 */
public record CapturedEvent(long epochMillis, String thread, String site, String kind, String text, long nanos) {
    @Override
    public String toString() {
        return epochMillis + " [" + thread + "] " + kind + " " + site + " " + text + (nanos >= 0 ? " " + nanos + " ns" : "");
    }
}
