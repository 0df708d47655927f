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
 * BROKEN ON PURPOSE: the twin of {@link Publication} with the ordering guarantee removed. A plain store
 * lets the compiler or a weakly-ordered CPU make the element's pointer visible before its fields; x86 keeps
 * stores in order, so this twin writes that reordering out explicitly: it publishes the element, then
 * initialises it. The gate requires a FORBIDDEN result here, proving {@link Publication} can see one.
 */
@JCStressTest
@Description("BROKEN ON PURPOSE (must fail): the element is published before it is initialised, the order a "
        + "plain-store publication permits.")
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The reader ran before the publication: no element yet.")
@Outcome(id = "7, 42", expect = ACCEPTABLE, desc = "The reader sees the published element, initialised.")
@Outcome(expect = FORBIDDEN, desc = "The reader sees the published element with a field not yet initialised.")
@State
public class PublicationBroken {
    @SuppressWarnings("unused") // accessed through CURRENT
    private Publication.Element current;

    @Actor
    public void updater() {
        Publication.Element e = new Publication.Element();
        CURRENT.setRelease(this, e); // published first: the reordering a plain store allows
        e.key = 7;
        e.value = 42;
    }

    @Actor
    public void reader(II_Result r) {
        Publication.Element e = (Publication.Element) CURRENT.getAcquire(this);
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
            CURRENT = MethodHandles.lookup().findVarHandle(PublicationBroken.class, "current",
                    Publication.Element.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
