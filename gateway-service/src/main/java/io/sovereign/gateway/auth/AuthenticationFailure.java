package io.sovereign.gateway.auth;

/**
 * Why a credential was refused (401), in words the caller can act on, with the OpenAI error code and the
 * RFC 6750 {@code error} the {@code WWW-Authenticate} challenge names. Never carries the credential.
 */
public final class AuthenticationFailure extends RuntimeException {

    /** The {@code error} attribute of the {@code WWW-Authenticate: Bearer} challenge (RFC 6750 section 3.1). */
    public enum Challenge {
        /** No credential, or one the request carries ambiguously. */
        INVALID_REQUEST("invalid_request"),
        /** A credential was presented and is not accepted. */
        INVALID_TOKEN("invalid_token");

        private final String wire;

        Challenge(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final String code;
    private final Challenge challenge;

    public AuthenticationFailure(String code, Challenge challenge, String message) {
        super(message, null, false, false); // an expected refusal: no stack trace to fill per request
        this.code = code;
        this.challenge = challenge;
    }

    /** The OpenAI error code: {@code invalid_api_key} or {@code invalid_token}. */
    public String code() {
        return code;
    }

    public Challenge challenge() {
        return challenge;
    }

    /** The {@code WWW-Authenticate} header value for this refusal. */
    public String wwwAuthenticate() {
        return "Bearer realm=\"gateway\", error=\"" + challenge.wire() + "\"";
    }
}
