package dev.quiesce.examples.shop;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's request counters: requests answered (whatever the status), failed ones (answered 500, or
 * whose answer could not be sent), rejected ones (4xx), and requests by endpoint. A request is counted just
 * before its answer is sent, so /stats shows the requests answered before it.
 */
public final class ShopStats {
    /** The service's endpoints; {@link #OTHER} is any other path. */
    public enum Endpoint {
        PRICE("/price"), CHECKOUT("/checkout"), HEALTH("/health"), STATS("/stats"), OTHER("other");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }

        /** The endpoint's path ("other" for {@link #OTHER}). */
        public String path() {
            return path;
        }
    }

    private final LongAdder served = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Map<Endpoint, LongAdder> byEndpoint = new EnumMap<>(Endpoint.class);

    ShopStats() {
        for (Endpoint e : Endpoint.values()) {
            byEndpoint.put(e, new LongAdder());
        }
    }

    /** Counts a request to {@code endpoint} answered with {@code status} (500 counts as failed). */
    void answered(Endpoint endpoint, int status) {
        served.increment();
        byEndpoint.get(endpoint).increment();
        if (status >= 500) {
            failed.increment();
        } else if (status >= 400) {
            rejected.increment();
        }
    }

    /** Counts a failure found after the request was counted (its answer could not be sent). */
    void failedAfterAnswer() {
        failed.increment();
    }

    /** Requests answered, whatever the status. */
    public long served() {
        return served.sum();
    }

    /** Requests answered 500, or whose answer failed. */
    public long failed() {
        return failed.sum();
    }

    /** Requests answered 4xx. */
    public long rejected() {
        return rejected.sum();
    }

    /** Requests to {@code endpoint}. */
    public long requests(Endpoint endpoint) {
        return byEndpoint.get(endpoint).sum();
    }

    /** The /stats page: one "name value" pair a line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("served ").append(served()).append('\n');
        sb.append("failed ").append(failed()).append('\n');
        sb.append("rejected ").append(rejected()).append('\n');
        for (Endpoint e : Endpoint.values()) {
            sb.append("endpoint ").append(e.path).append(' ').append(requests(e)).append('\n');
        }
        return sb.toString();
    }
}
