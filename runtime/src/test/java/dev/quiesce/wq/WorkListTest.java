package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The worklist against a plain list: random appends (one item, or a chain linked through the intake link),
 * removals from anywhere, and detaches from the front, each checked for order, size, links and place tags.
 */
class WorkListTest {
    @Test
    void randomOperationsKeepTheListEqualToAModel() {
        Random rnd = new Random(42);
        for (int run = 0; run < 200; run++) {
            WorkList list = new WorkList();
            List<Work> model = new ArrayList<>();
            int made = 0;
            for (int op = 0; op < 300; op++) {
                int kind = rnd.nextInt(4);
                if (kind == 0) {
                    Work w = new Work("w" + made++, () -> { });
                    list.addLast(w);
                    model.add(w);
                } else if (kind == 1) {
                    int n = rnd.nextInt(5);
                    Work first = null;
                    Work last = null;
                    for (int i = 0; i < n; i++) {
                        Work w = new Work("c" + made++, () -> { });
                        if (last == null) {
                            first = w;
                        } else {
                            last.nextIntake = w;
                        }
                        last = w;
                        model.add(w);
                    }
                    assertEquals(n, list.addAllLast(first));
                } else if (kind == 2 && !model.isEmpty()) {
                    Work w = model.remove(rnd.nextInt(model.size()));
                    list.remove(w);
                    assertEquals(Work.NOWHERE, w.place);
                } else if (kind == 3) {
                    int max = rnd.nextInt(6);
                    int expected = Math.min(max, model.size());
                    int i = 0;
                    for (Work w = list.detachFirst(max); w != null; i++) {
                        assertEquals(model.remove(0), w, "detached in order");
                        Work taken = w;
                        w = WorkList.unlink(taken);
                        assertNull(taken.prev, "an unlinked item's back link");
                        assertNull(WorkList.next(taken), "an unlinked item's link");
                        assertEquals(Work.NOWHERE, taken.place);
                    }
                    assertEquals(expected, i, "detached count");
                }
                check(list, model);
            }
        }
    }

    private static void check(WorkList list, List<Work> model) {
        assertEquals(model.size(), list.size(), "size");
        assertEquals(model.isEmpty(), list.isEmpty());
        Work prev = null;
        int i = 0;
        for (Work w = list.first(); w != null; w = WorkList.next(w), i++) {
            assertEquals(model.get(i), w, "item " + i);
            assertEquals(prev, w.prev, "back link of item " + i);
            assertEquals(list.tag, w.place, "place of item " + i);
            assertNull(w.nextIntake, "intake link of item " + i);
            prev = w;
        }
        assertEquals(model.size(), i, "items reachable from the head");
    }
}
