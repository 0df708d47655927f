package dev.quiesce.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.rcu.TasksTraceRcu;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * End to end, through the public API of a real {@link TasksTraceRcu} domain (its grace-period thread, the
 * two-phase flip, the waiters): the updater unlinks an element, calls {@link TasksTraceRcu#synchronize()}
 * and frees the element; the reader, inside readLock()/readUnlock(), loads the pointer, holds the element
 * for {@value #SECTION_NANOS} ns, then checks it was not freed. One domain serves every iteration of a fork.
 */
@JCStressTest
@Description("TasksTraceRcu.synchronize() end to end: an element unlinked before synchronize() is not freed "
        + "under a read section that loaded it.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The reader loaded the new element.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The reader loaded the old element; synchronize() waited for its section.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Use after free: the old element was freed while the section that loaded it still held it.")
@Outcome(expect = FORBIDDEN, desc = "Impossible: the new element is never freed.")
@State
public class TraceSynchronize extends Element.Slot {
    static final long SECTION_NANOS = 200_000;
    static final TasksTraceRcu DOMAIN = TasksTraceRcu.create("jcstress-trace");

    @Actor
    public void reader(ZZ_Result r) {
        int token = DOMAIN.readLock();
        try {
            Element e = load();
            Element.spin(SECTION_NANOS);
            r.r1 = e == old;
            r.r2 = e.freed;
        } finally {
            DOMAIN.readUnlock(token);
        }
    }

    @Actor
    public void updater() {
        unlink();
        DOMAIN.synchronize();
        old.freed = true;
    }
}
