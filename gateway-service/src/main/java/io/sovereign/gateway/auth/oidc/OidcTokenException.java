package io.sovereign.gateway.auth.oidc;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * A token this gateway refuses, with a reason and a message safe to show the caller (it never contains the
 * token or its claim values). A {@link BadJwtException}, so Spring Security's resource server answers 401.
 */
public final class OidcTokenException extends BadJwtException {

    private final OidcFailure failure;

    public OidcTokenException(OidcFailure failure, String message) {
        this(failure, message, null);
    }

    public OidcTokenException(OidcFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public OidcFailure failure() {
        return failure;
    }
}
