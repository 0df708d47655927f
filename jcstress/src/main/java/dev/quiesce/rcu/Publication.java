package dev.quiesce.rcu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Publication (rcu_assign_pointer / rcu_dereference): the updater initialises an element, then publishes it
 * with a release store; a reader loads the pointer with acquire, as in the read section of
 * {@link TasksTraceRcu}'s class comment ({@code current.getAcquire()}). A reader that sees the element sees
 * it initialised.
 */
@JCStressTest
@Description("rcu_assign_pointer/rcu_dereference: an element published with a release store and loaded with "
        + "acquire is seen initialised.")
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The reader ran before the publication: no element yet.")
@Outcome(id = "7, 42", expect = ACCEPTABLE, desc = "The reader sees the published element, initialised.")
@Outcome(expect = FORBIDDEN, desc = "The reader sees the published element with a field not yet initialised.")
@State
public class Publication {
    /** An element with plain fields: only the release/acquire pair orders their initialisation. */
    static final class Element {
        int key;
        int value;
    }

    @SuppressWarnings("unused") // accessed through CURRENT
    private Element current;

    @Actor
    public void updater() {
        Element e = new Element();
        e.key = 7;
        e.value = 42;
        CURRENT.setRelease(this, e); // rcu_assign_pointer
    }

    @Actor
    public void reader(II_Result r) {
        Element e = (Element) CURRENT.getAcquire(this); // rcu_dereference
        if (e == null) {
            r.r1 = -1;
            r.r2 = -1;
        } else {
            r.r1 = e.key;
            r.r2 = e.value;
        }
    }

    static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(Publication.class, "current", Element.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
