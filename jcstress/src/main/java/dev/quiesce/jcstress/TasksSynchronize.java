package dev.quiesce.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.rcu.Quiescence;
import dev.quiesce.rcu.ReaderFrames;
import dev.quiesce.rcu.TasksRcu;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * End to end, through the public API of a real {@link TasksRcu} domain (scan, hook counters, stack samples,
 * its grace-period thread): the updater unlinks an element, calls {@link TasksRcu#synchronize()} and frees
 * the element. The reader's TASKS read section is {@link Section#run}, a registered reader frame: it loads
 * the pointer, holds the element for {@value #SECTION_NANOS} ns, checks it was not freed; after the section
 * the reader reports a quiescent state, as an event loop does between events. The grace period clears the
 * reader by that report, or by a stack sample that finds no reader frame. One domain serves every iteration.
 */
@JCStressTest
@Description("TasksRcu.synchronize() end to end: an element unlinked before synchronize() is not freed under a "
        + "TASKS read section (a registered reader frame) that loaded it.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The reader loaded the new element.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
        desc = "The reader loaded the old element; synchronize() waited for its section.")
@Outcome(id = "true, true", expect = FORBIDDEN,
        desc = "Use after free: the old element was freed while the section that loaded it still held it.")
@Outcome(expect = FORBIDDEN, desc = "Impossible: the new element is never freed.")
@State
public class TasksSynchronize extends Element.Slot {
    static final long SECTION_NANOS = 300_000;
    static final TasksRcu DOMAIN = domain();

    /** The read section: the only code of this test a stack sample counts as reading. */
    static final class Section {
        static void run(Element.Slot slot, ZZ_Result r) {
            Element e = slot.load();
            Element.spin(SECTION_NANOS);
            r.r1 = e == slot.old;
            r.r2 = e.freed;
        }

        static void use(Element.Slot slot, Element e, ZZ_Result r) {
            r.r1 = e == slot.old;
            r.r2 = e.freed;
        }
    }

    private static TasksRcu domain() {
        ReaderFrames frames = new ReaderFrames();
        frames.add(Section.class);
        return TasksRcu.builder().name("jcstress-tasks").readerFrames(frames).firstSampleDelay(Duration.ZERO)
                .samplesPerSecond(100_000).build();
    }

    @Actor
    public void reader(ZZ_Result r) {
        Section.run(this, r);
        Quiescence.report();
    }

    @Actor
    public void updater() {
        unlink();
        DOMAIN.synchronize();
        old.freed = true;
    }
}
