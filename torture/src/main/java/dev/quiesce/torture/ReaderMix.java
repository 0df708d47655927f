package dev.quiesce.torture;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Which kind each of the {@code --readers} reader threads is: the kinds in {@link #ROTATION} order, so that
 * any count from 6 up has every kind. Without virtual threads (JDK 17) a virtual slot becomes a hot reader.
 * The default suits two cores: one of each kind and a second hot reader.
 */
final class ReaderMix {
    /** The quiescent-state source each kind leans on is in its class comment. */
    enum Kind { HOT, HOLDOUT, PARKING, OFFLINE, CHURNING, VIRTUAL }

    static final List<Kind> ROTATION = List.of(Kind.HOT, Kind.HOLDOUT, Kind.PARKING, Kind.OFFLINE, Kind.CHURNING,
            Kind.VIRTUAL);
    static final int DEFAULT_READERS = ROTATION.size() + 1;

    private ReaderMix() {}

    static List<Kind> of(int readers, boolean virtualThreads) {
        if (readers < 1) {
            throw new IllegalArgumentException("at least one reader, got " + readers);
        }
        List<Kind> kinds = new ArrayList<>(readers);
        for (int i = 0; i < readers; i++) {
            Kind k = ROTATION.get(i % ROTATION.size());
            kinds.add(k == Kind.VIRTUAL && !virtualThreads ? Kind.HOT : k);
        }
        return kinds;
    }

    /** For the header: {@code "hot 2, holdout 1, ..."}, in rotation order, kinds with no thread left out. */
    static String describe(List<Kind> kinds) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : kinds) {
            counts.merge(k, 1, Integer::sum);
        }
        StringJoiner sj = new StringJoiner(", ");
        counts.forEach((k, n) -> sj.add(k.name().toLowerCase(Locale.ROOT) + " " + n));
        return sj.toString();
    }
}
