package io.sovereign.gateway.auth.oidc;

/** Why a bearer token was refused; the 401 message and any error code follow from it. */
public enum OidcFailure {
    /** Not a JWT, unparsable claims, or a required claim missing. */
    MALFORMED,
    /** {@code alg} is {@code none}, HMAC, or otherwise outside the allowlist; or the token is encrypted. */
    UNSUPPORTED_ALGORITHM,
    /** The {@code kid} is not among the issuer's published keys (another realm, or a key rotated out). */
    UNKNOWN_KEY,
    /** A published key matched, but the signature does not verify: the token was altered or forged. */
    BAD_SIGNATURE,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    EXPIRED,
    NOT_YET_VALID,
    /** The issuer's keys could not be fetched: the fault is on the server side, not the token's. */
    KEYS_UNAVAILABLE
}
