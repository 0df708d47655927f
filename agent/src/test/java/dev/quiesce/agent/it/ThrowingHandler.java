package dev.quiesce.agent.it;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;

/** Throws on every entry: the agent must contain it and disable the probe past its error limit. */
public class ThrowingHandler implements ProbeHandler {
    @Override
    public void onEntry(MethodSite site, Object self, Object[] args) {
        throw new IllegalStateException("handler bug");
    }
}
