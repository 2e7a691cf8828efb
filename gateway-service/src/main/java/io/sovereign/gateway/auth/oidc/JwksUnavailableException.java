package io.sovereign.gateway.auth.oidc;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The issuer's signing keys could not be fetched, so a token could not be checked. Deliberately not a
 * {@code BadJwtException}: the token may be fine, the server side is at fault (503 rather than 401 is honest).
 */
public final class JwksUnavailableException extends JwtException {

    public JwksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public OidcFailure failure() {
        return OidcFailure.KEYS_UNAVAILABLE;
    }
}
