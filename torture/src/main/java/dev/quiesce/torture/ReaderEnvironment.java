package dev.quiesce.torture;

/**
 * What every reader thread shares: the domain, the protected pointer, the writer's grace-period clock, the
 * stall injector, the counters and the stop signal.
 */
record ReaderEnvironment(TortureFlavor flavor, PublishedElement current, GracePeriodClock clock,
        StallInjector stalls, TortureCounters counters, StopSignal stop) {
}
