package dev.quiesce.agent.boot;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many probe versions, in this JVM, may make one handler chain run inside another and are not yet closed:
 * versions whose handlers run application code (handler objects, capture), and versions linked at a site in
 * code the built-in handlers themselves run (the JDK, the agent). While any exists, grace periods take no
 * progress evidence from the handlers' counters (docs/memory-ordering.md, "Progress evidence for chains").
 *
 * <p>It lives on the bootstrap class path so that it is one count for every load of the agent: a version of an
 * agent that detached may still be running in an old chain when the next load's grace periods ask.
 *
 * <p>Field: atomic adds by the thread that builds or marks a version (before any chain links it) and by the
 * thread that closes it (after its grace period); volatile reads by grace-period threads.
 */
public final class ChainNesting {
    private static final AtomicInteger UNCLOSED = new AtomicInteger();

    private ChainNesting() {}

    /** A version that may nest chains exists from now on (before anything links it). */
    public static void enter() {
        UNCLOSED.incrementAndGet();
    }

    /** Such a version was closed, after its grace period. */
    public static void leave() {
        UNCLOSED.decrementAndGet();
    }

    /** Versions that may nest chains, not yet closed (a volatile read). */
    public static int unclosedVolatile() {
        return UNCLOSED.get();
    }
}
