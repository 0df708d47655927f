package dev.quiesce.agent.control;

import dev.quiesce.agent.boot.AgentStats;
import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.ProbeInfo;
import dev.quiesce.agent.boot.RemovalReport;
import java.time.Instant;

/** The JSON forms of the control API's records, one object per line. */
final class Formats {
    private Formats() {}

    static String json(ProbeInfo p) {
        return new JsonLine().put("probe", p.name()).put("spec", p.spec()).put("action", p.action())
                .put("version", p.version()).put("sites", p.sites()).put("hits", p.hits()).put("errors", p.errors())
                .put("budgetMicros", p.budgetMicros()).put("costMicrosPerSecond", p.costMicrosPerSecond())
                .toString();
    }

    static String json(RemovalReport r) {
        return new JsonLine().put("type", "removal").put("probe", r.probe()).put("version", r.version())
                .put("reason", r.reason()).put("sites", r.sites()).put("unlinkNanos", r.unlinkNanos())
                .put("gracePeriodNanos", r.gracePeriodNanos()).put("gracePeriods", r.gracePeriods())
                .put("holdoutsSeen", r.holdoutsSeen()).put("samplesTaken", r.samplesTaken()).put("hits", r.hits())
                .put("errors", r.errors()).put("unpaired", r.unpaired()).put("suppressed", r.suppressed())
                .put("dropped", r.dropped()).put("histogram", r.histogram()).toString();
    }

    static String json(String probe, CapturedEvent e) {
        return new JsonLine().put("type", "event").put("probe", probe)
                .put("time", Instant.ofEpochMilli(e.epochMillis()).toString()).put("thread", e.thread())
                .put("site", e.site()).put("kind", e.kind()).put("text", e.text()).put("nanos", e.nanos()).toString();
    }

    static String json(AgentStats s) {
        return new JsonLine().put("probes", s.probes()).put("wovenClasses", s.wovenClasses()).put("sites", s.sites())
                .put("idleSites", s.idleSites()).put("classesStripped", s.classesStripped())
                .put("weaveFailures", s.weaveFailures()).put("globalBudgetMicros", s.globalBudgetMicros()).toString();
    }
}
