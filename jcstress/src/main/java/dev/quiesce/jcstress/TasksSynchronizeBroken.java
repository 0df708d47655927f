package dev.quiesce.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.rcu.Quiescence;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * BROKEN ON PURPOSE: {@link TasksSynchronize} with the reader loading the pointer outside its reader frame
 * and holding the element there for {@value TasksSynchronize#SECTION_NANOS} ns before using it inside the
 * frame, which TasksRcu's contract forbids: a stack sample in between finds no reader frame and clears the
 * thread. The gate requires a FORBIDDEN result here: the test can see a premature free.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): the reader loads the pointer outside its registered reader frame.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The reader loaded the new element.")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The reader loaded the old element and was not caught.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Use after free: the old element was freed while the reader still held it.")
@Outcome(expect = FORBIDDEN, desc = "Impossible: the new element is never freed.")
@State
public class TasksSynchronizeBroken extends Element.Slot {
    @Actor
    public void reader(ZZ_Result r) {
        Element e = load(); // outside every reader frame
        Element.spin(TasksSynchronize.SECTION_NANOS);
        TasksSynchronize.Section.use(this, e, r);
        Quiescence.report();
    }

    @Actor
    public void updater() {
        unlink();
        TasksSynchronize.DOMAIN.synchronize();
        old.freed = true;
    }
}
