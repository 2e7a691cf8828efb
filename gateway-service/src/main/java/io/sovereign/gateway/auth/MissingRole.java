package io.sovereign.gateway.auth;

/** The 403 for a caller without a role, worded the same by the security chain ({@code /admin}) and the pipeline ({@code /v1}). */
public final class MissingRole {

    /** The {@code WWW-Authenticate} value of that 403. */
    public static final String CHALLENGE = "Bearer realm=\"gateway\", error=\"insufficient_scope\"";

    private MissingRole() {}

    public static String message(String role, String path) {
        return "You are authenticated but lack the role '" + role + "' needed for " + path + ".";
    }
}
