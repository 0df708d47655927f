package dev.quiesce.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * BROKEN ON PURPOSE: {@link TraceSynchronize} with the reader loading the pointer before readLock(), the
 * order TraceReader.lock()'s fence exists to forbid, and holding the element for
 * {@value TraceSynchronize#SECTION_NANOS} ns before the section begins, so that a whole grace period fits
 * in between. The gate requires a FORBIDDEN result here: the test can see a premature free.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): the reader loads the pointer before TasksTraceRcu.readLock().")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The reader loaded the new element.")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The reader loaded the old element and was not caught.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Use after free: the old element was freed while the reader still held it.")
@Outcome(expect = FORBIDDEN, desc = "Impossible: the new element is never freed.")
@State
public class TraceSynchronizeBroken extends Element.Slot {
    @Actor
    public void reader(ZZ_Result r) {
        Element e = load(); // before the section begins
        Element.spin(TraceSynchronize.SECTION_NANOS);
        int token = TraceSynchronize.DOMAIN.readLock();
        try {
            r.r1 = e == old;
            r.r2 = e.freed;
        } finally {
            TraceSynchronize.DOMAIN.readUnlock(token);
        }
    }

    @Actor
    public void updater() {
        unlink();
        TraceSynchronize.DOMAIN.synchronize();
        old.freed = true;
    }
}
