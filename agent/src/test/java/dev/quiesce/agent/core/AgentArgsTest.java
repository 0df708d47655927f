package dev.quiesce.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentArgsTest {
    @Test
    void inlineProbesComeLastAndMayContainCommas() {
        AgentArgs a = AgentArgs.parse("stripAfterMillis=400,control=false,probe=timing a.B#c(long, int) hist name=x;"
                + "entry a.D#e count");
        assertEquals(400, a.millis("stripAfterMillis", 1));
        assertFalse(a.flag("control", true));
        assertEquals("timing a.B#c(long, int) hist name=x\nentry a.D#e count", a.inlineProbes());
        assertEquals("entry a.B#c count", AgentArgs.parse("probe=entry a.B#c count").inlineProbes());
        assertNull(AgentArgs.parse("control=true").inlineProbes());
        assertNull(AgentArgs.parse(null).inlineProbes());
    }

    @Test
    void theProbeFileIsAnArgumentLikeTheOthers() {
        assertEquals("/etc/probes.txt", AgentArgs.parse("probes=/etc/probes.txt").text("probes"));
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentArgs.parse("prob=x"));
        assertTrue(e.getMessage().contains("unknown agent argument \"prob\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentArgs.parse("control=true,control=false"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentArgs.parse("control=maybe").flag("control", true));
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }
}
