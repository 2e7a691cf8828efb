package io.sovereign.gateway.auth;

import java.util.List;

/**
 * The one credential a {@code /v1} call presents: {@code Authorization: Bearer KEY} (OpenAI SDKs, Claude Code with
 * {@code ANTHROPIC_AUTH_TOKEN}) or {@code x-api-key: KEY} (Anthropic SDKs, Claude Code with {@code ANTHROPIC_API_KEY}).
 * Both headers may be sent only with the same key: with two different credentials on one request, which of them
 * was checked would be an accident. The key's syntax is RFC 6750's {@code b64token} in both headers (what Spring
 * Security's bearer converter accepts), so a JWT fits either. Plain Java: the web filter hands in the header values.
 */
public final class Credentials {

    public static final String API_KEY_HEADER = "x-api-key";

    static final String MISSING = "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' "
            + "(or 'x-api-key: YOUR_KEY').";

    private Credentials() {}

    /**
     * @param authorization every {@code Authorization} header value (null or empty when absent)
     * @param apiKey every {@code x-api-key} header value (null or empty when absent)
     * @return the key or token to check
     * @throws AuthenticationFailure when there is none, it is malformed, or the request carries two that differ
     */
    public static String token(List<String> authorization, List<String> apiKey) {
        String bearer = null;
        if (authorization != null && !authorization.isEmpty()) {
            if (differ(authorization)) {
                throw new AuthenticationFailure(
                        "invalid_api_key",
                        AuthenticationFailure.Challenge.INVALID_REQUEST,
                        "The request carries more than one Authorization header; send one.");
            }
            String header = authorization.get(0);
            if (!header.regionMatches(true, 0, "bearer", 0, 6)) {
                throw new AuthenticationFailure(
                        "invalid_api_key",
                        AuthenticationFailure.Challenge.INVALID_TOKEN,
                        "The Authorization header must be 'Bearer YOUR_KEY'.");
            }
            if (header.length() < 8 || header.charAt(6) != ' ' || !wellFormed(header, 7)) {
                throw new AuthenticationFailure(
                        "invalid_token", AuthenticationFailure.Challenge.INVALID_TOKEN, "Bearer token is malformed");
            }
            bearer = header.substring(7);
        }
        String key = null;
        if (apiKey != null && !apiKey.isEmpty()) {
            if (differ(apiKey)) {
                throw new AuthenticationFailure(
                        "invalid_api_key",
                        AuthenticationFailure.Challenge.INVALID_REQUEST,
                        "The request carries more than one " + API_KEY_HEADER + " header; send one.");
            }
            key = apiKey.get(0);
            if (key.isEmpty()) {
                throw new AuthenticationFailure(
                        "invalid_api_key",
                        AuthenticationFailure.Challenge.INVALID_REQUEST,
                        "The " + API_KEY_HEADER + " header is empty; send '" + API_KEY_HEADER + ": YOUR_KEY'.");
            }
            if (!wellFormed(key, 0)) {
                throw new AuthenticationFailure(
                        "invalid_api_key",
                        AuthenticationFailure.Challenge.INVALID_TOKEN,
                        "The " + API_KEY_HEADER + " header must carry the key alone ('" + API_KEY_HEADER
                                + ": YOUR_KEY').");
            }
        }
        if (bearer != null && key != null && !bearer.equals(key)) {
            throw new AuthenticationFailure(
                    "invalid_api_key",
                    AuthenticationFailure.Challenge.INVALID_REQUEST,
                    "The request carries two different credentials, in 'Authorization: Bearer' and in '"
                            + API_KEY_HEADER + "'; send one.");
        }
        if (bearer == null && key == null) {
            throw new AuthenticationFailure(
                    "invalid_api_key", AuthenticationFailure.Challenge.INVALID_REQUEST, MISSING);
        }
        return bearer != null ? bearer : key;
    }

    private static boolean differ(List<String> values) {
        for (int i = 1; i < values.size(); i++) {
            if (!values.get(0).equals(values.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6750 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}, from {@code start}. */
    static boolean wellFormed(String s, int start) {
        int i = start;
        while (i < s.length() && tokenChar(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < s.length() && s.charAt(i) == '=') {
            i++;
        }
        return i == s.length();
    }

    private static boolean tokenChar(char c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }
}
