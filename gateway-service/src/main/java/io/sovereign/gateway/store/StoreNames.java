package io.sovereign.gateway.store;

/**
 * The one rule for names (users, teams) that become part of store keys: 1..200 characters, none of
 * {@code { } |} (hash tags and field separators of the Redis key layout) and no control characters.
 * Checked once per request when the caller is known, so a name the stores cannot key is a clear 403,
 * not a failure deep in the quota or budget stage.
 */
public final class StoreNames {

    public static final int MAX_LENGTH = 200;

    private StoreNames() {}

    /** Why {@code value} cannot be a store key name, or null when it can. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "it contains a control character";
            }
            if (c == '{' || c == '}' || c == '|') {
                return "it contains '" + c + "' (the characters { } | are reserved by the quota and budget store)";
            }
        }
        return null;
    }
}
