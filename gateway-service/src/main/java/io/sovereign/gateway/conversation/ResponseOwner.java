package io.sovereign.gateway.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who created a stored response: the user and the team together. A stored response is visible only to the same
 * pair, so a user who changes team, or a teammate, does not see it; another owner's id reads as unknown (404).
 */
public record ResponseOwner(String user, String team) {

    public ResponseOwner {
        if (user == null || user.isEmpty() || team == null || team.isEmpty()) {
            throw new IllegalArgumentException("a response owner needs a user and a team");
        }
    }

    /**
     * A fixed-length key part naming this owner: the owner is part of every storage key, so a lookup with
     * someone else's owner cannot reach the entry at all (no comparison to forget), and names never appear in keys.
     */
    String keyPart() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0); // user "ab"+team "c" and user "a"+team "bc" stay apart
            sha.update(team.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
