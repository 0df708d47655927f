package dev.quiesce.wq;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every open {@link Workqueue} of the process, for {@link #dump()}. */
public final class Workqueues {
    private static final CopyOnWriteArrayList<Workqueue> OPEN = new CopyOnWriteArrayList<>();

    private Workqueues() {}

    static void register(Workqueue q) {
        OPEN.add(q);
        WorkTimer.watchdogNow();
    }

    static void unregister(Workqueue q) {
        OPEN.remove(q);
    }

    /** The open queues, in creation order. */
    public static List<Workqueue> open() {
        return new ArrayList<>(OPEN);
    }

    /**
     * Every open queue's state: per pool the workers, active, pending and inactive items, each in-flight item
     * with its worker's stack, creation failures, and the rescuer's state.
     */
    public static String dump() {
        StringBuilder sb = new StringBuilder("quiesce workqueues: ").append(OPEN.size()).append(" open");
        for (Workqueue q : OPEN) {
            sb.append('\n').append(q.describe());
        }
        return sb.toString();
    }
}
