package dev.quiesce.torture;

import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed row of counting buckets shared by many threads: the Reader Pipe, Reader Batch and Free-Block
 * Circulation histograms. As in rcutorture, values past the last bucket count in the last one. LongAdder
 * cells keep the reader threads off one shared cache line.
 */
final class CountHistogram {
    private final LongAdder[] buckets;

    CountHistogram(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a histogram needs at least one bucket, got " + size);
        }
        buckets = new LongAdder[size];
        for (int i = 0; i < size; i++) {
            buckets[i] = new LongAdder();
        }
    }

    int size() {
        return buckets.length;
    }

    /** The bucket {@code value} counts in: negative values in the first, large ones in the last. */
    static int bucketOf(long value, int size) {
        return (int) Math.max(0, Math.min(size - 1, value));
    }

    void increment(long value) {
        buckets[bucketOf(value, buckets.length)].increment();
    }

    /** Adds {@code counts[i]} to bucket {@code i}; {@code counts} must not be longer than the histogram. */
    void addAll(long[] counts) {
        if (counts.length > buckets.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + buckets.length + " buckets");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                buckets[i].add(counts[i]);
            }
        }
    }

    long[] snapshot() {
        long[] s = new long[buckets.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = buckets[i].sum();
        }
        return s;
    }

    /** The counts of buckets {@code from} and above. */
    long sumFrom(int from) {
        long sum = 0;
        for (int i = Math.max(0, from); i < buckets.length; i++) {
            sum += buckets[i].sum();
        }
        return sum;
    }

    long total() {
        return sumFrom(0);
    }

    /** The counts separated by single spaces, as rcutorture prints them. */
    String format() {
        return format(snapshot());
    }

    static String format(long[] counts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(counts[i]);
        }
        return sb.toString();
    }
}
