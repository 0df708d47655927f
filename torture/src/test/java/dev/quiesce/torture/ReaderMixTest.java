package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReaderMixTest {
    @Test
    void theDefaultHasEveryKind() {
        List<ReaderMix.Kind> kinds = ReaderMix.of(ReaderMix.DEFAULT_READERS, true);
        assertEquals(EnumSet.allOf(ReaderMix.Kind.class), EnumSet.copyOf(kinds));
        assertEquals("hot 2, holdout 1, parking 1, offline 1, churning 1, virtual 1", ReaderMix.describe(kinds));
    }

    @Test
    void withoutVirtualThreadsTheVirtualSlotsAreHot() {
        List<ReaderMix.Kind> kinds = ReaderMix.of(12, false);
        assertFalse(kinds.contains(ReaderMix.Kind.VIRTUAL));
        assertEquals("hot 4, holdout 2, parking 2, offline 2, churning 2", ReaderMix.describe(kinds));
    }

    @Test
    void fewReadersTakeTheFirstKinds() {
        assertEquals(List.of(ReaderMix.Kind.HOT, ReaderMix.Kind.HOLDOUT), ReaderMix.of(2, true));
        assertThrows(IllegalArgumentException.class, () -> ReaderMix.of(0, true));
    }
}
