package dev.quiesce.agent.probe;

import dev.quiesce.agent.spec.ProbeSpec;

/** Whether a spec's target covers a method site, and whether two specs have the same target. */
final class Matching {
    private Matching() {}

    static boolean matches(ProbeSpec spec, String className, String methodName, String descriptor) {
        return spec.matches(className, methodName, descriptor)
                && Refusals.reason(className, spec.options().force()) == null;
    }

    static boolean matchesMethod(ProbeSpec spec, String methodName, String descriptor) {
        return spec.methods().matches(methodName)
                && spec.params().map(p -> p.matches(descriptor)).orElse(true);
    }

    static boolean sameTarget(ProbeSpec a, ProbeSpec b) {
        return a.site() == b.site() && a.classes().equals(b.classes()) && a.methods().equals(b.methods())
                && a.params().equals(b.params());
    }

    static String target(ProbeSpec s) {
        return s.classes().text() + "#" + s.methods().text() + s.params().map(p -> p.text()).orElse("");
    }
}
