package dev.quiesce.torture;

import dev.quiesce.rcu.GracePeriodDomain;

/** A flavor backed by a real runtime domain: the grace-period paths go straight to it. */
abstract class DomainFlavor implements TortureFlavor {
    private final GracePeriodDomain domain;

    DomainFlavor(GracePeriodDomain domain) {
        this.domain = domain;
    }

    @Override
    public void synchronize() {
        domain.synchronize();
    }

    @Override
    public void synchronizeExpedited() {
        domain.synchronizeExpedited();
    }

    @Override
    public void call(Runnable callback) {
        domain.call(callback);
    }

    @Override
    public void barrier() {
        domain.barrier();
    }

    @Override
    public long pollCookie() {
        return domain.pollCookie();
    }

    @Override
    public boolean pollDone(long cookie) {
        return domain.pollDone(cookie);
    }

    @Override
    public void synchronizeIfNeeded(long cookie) {
        domain.synchronizeIfNeeded(cookie);
    }

    @Override
    public void close() {
        domain.close();
    }
}
