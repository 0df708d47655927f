package dev.quiesce.agent.control;

import java.nio.file.attribute.UserPrincipal;

/**
 * Who may use the control socket: the JVM's own user, and root (which can attach to any JVM anyway). The
 * socket's directory already keeps other users out; this check, on the peer's kernel-reported credentials
 * ({@code SO_PEERCRED}), holds even if the directory's permissions were widened later.
 */
final class PeerCheck {
    private PeerCheck() {}

    /** Null if {@code peer} may send requests, else why not. */
    static String refusal(UserPrincipal peer, UserPrincipal owner) {
        if (peer == null) {
            return "the peer's credentials are unknown";
        }
        if (owner != null && (peer.equals(owner) || peer.getName().equals(owner.getName()))) {
            return null;
        }
        if (peer.getName().equals("root")) {
            return null;
        }
        return "user " + peer.getName() + " may not control this JVM (it belongs to "
                + (owner == null ? "another user" : owner.getName()) + ")";
    }
}
