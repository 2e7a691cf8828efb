package io.sovereign.gateway.auth.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks the registered claims of a token whose signature already verified: {@code iss} exactly, expiry and
 * not-before (and an {@code iat} not in the future) within the clock skew, and the audience. Messages name
 * only the expected values, never what the token carried.
 */
final class ClaimsValidator {

    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Clock clock;

    ClaimsValidator(String issuer, String audience, Duration skew, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
        this.clock = clock;
    }

    void validate(JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            throw new OidcTokenException(
                    OidcFailure.WRONG_ISSUER, "the token was not issued by the expected issuer '" + issuer + "'");
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new OidcTokenException(OidcFailure.MALFORMED, "the token has no expiry time (exp)");
        }
        if (!now.isBefore(expiry.toInstant().plus(skew))) {
            throw new OidcTokenException(OidcFailure.EXPIRED, "the token has expired; sign in again for a new one");
        }
        if (inFuture(claims.getNotBeforeTime(), now) || inFuture(claims.getIssueTime(), now)) {
            throw new OidcTokenException(
                    OidcFailure.NOT_YET_VALID,
                    "the token is not valid yet (nbf or iat lies in the future; check the clocks)");
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new OidcTokenException(
                    OidcFailure.WRONG_AUDIENCE,
                    "the token is not meant for this gateway: its audience (aud) does not include '" + audience + "'");
        }
    }

    private boolean inFuture(Date time, Instant now) {
        return time != null && time.toInstant().isAfter(now.plus(skew));
    }
}
