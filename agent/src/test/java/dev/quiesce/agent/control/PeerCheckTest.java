package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;

class PeerCheckTest {
    private static UserPrincipal user(String name) {
        return () -> name;
    }

    @Test
    void theOwnerAndRootMayControlOthersMayNot() {
        assertNull(PeerCheck.refusal(user("alice"), user("alice")));
        assertNull(PeerCheck.refusal(user("root"), user("alice")));
        String refused = PeerCheck.refusal(user("mallory"), user("alice"));
        assertNotNull(refused);
        assertTrue(refused.contains("mallory") && refused.contains("alice"), refused);
        assertNotNull(PeerCheck.refusal(null, user("alice")), "unknown credentials are refused");
    }
}
