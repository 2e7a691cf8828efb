package io.sovereign.gateway.auth.oidc;

import java.util.Optional;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Short, caller-safe explanations of why a bearer token was refused, for the 401 body and the
 * {@code WWW-Authenticate} error description. They never repeat the token or its claims.
 */
public final class JwtFailureMessages {

    private JwtFailureMessages() {}

    /** The message for a failure raised anywhere under token decoding (the cause chain is searched). */
    public static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OidcTokenException token) {
                return token.getMessage();
            }
            if (t instanceof JwksUnavailableException) {
                return "the token cannot be checked right now: the identity provider's signing keys are "
                        + "unavailable; try again shortly";
            }
        }
        // Spring Security's own exceptions carry claim values in their messages: never pass them on.
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JwtValidationException) {
                return "the token failed validation";
            }
            if (t instanceof BadJwtException || t instanceof JwtException) {
                return "the bearer token is invalid";
            }
        }
        return "the bearer token could not be validated";
    }

    /** The classified reason, if the failure came from this package's decoder. */
    public static Optional<OidcFailure> failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OidcTokenException token) {
                return Optional.of(token.failure());
            }
            if (t instanceof JwksUnavailableException keys) {
                return Optional.of(keys.failure());
            }
        }
        return Optional.empty();
    }
}
