package io.sovereign.gateway.auth;

import java.nio.file.Path;

/**
 * How callers authenticate, decided once at start from the settings: service API keys, Keycloak JWTs, both, or
 * the embedded dev mode's one minted all-roles key. Dev mode is never reached by omission: it needs
 * {@code gateway.dev-mode=true} and is refused where it would open a shared deployment (a Redis store is shared
 * by replicas; an OIDC issuer means real employees).
 */
public enum AccessMode {
    /** Keys file and/or OIDC: only configured credentials are accepted. */
    CONFIGURED,
    /** {@code gateway.dev-mode=true}: one key with every role, minted now and printed once. */
    DEV_KEY;

    /**
     * @throws IllegalArgumentException with a message that names what to set, when the combination is refused
     */
    public static AccessMode decide(boolean devMode, Path apiKeysFile, boolean oidc, boolean sharedStore) {
        if (devMode) {
            if (sharedStore) {
                throw new IllegalArgumentException(
                        "gateway.dev-mode=true cannot run with gateway.store.type=redis: dev mode "
                                + "mints a key with every role and is for one local process; remove gateway.dev-mode and set "
                                + "gateway.auth.api-keys-file and/or gateway.auth.oidc.issuer-uri");
            }
            if (oidc) {
                throw new IllegalArgumentException(
                        "gateway.dev-mode=true cannot run with gateway.auth.oidc.issuer-uri set: "
                                + "dev mode mints a key with every role beside real employees' logins; remove gateway.dev-mode");
            }
            if (apiKeysFile != null) {
                throw new IllegalArgumentException("gateway.dev-mode=true and gateway.auth.api-keys-file are both set: "
                        + "choose one (dev mode mints its own key; a keys file is for real callers)");
            }
            return DEV_KEY;
        }
        if (apiKeysFile == null && !oidc) {
            throw new IllegalArgumentException(
                    "no way to authenticate callers is configured: set gateway.auth.api-keys-file "
                            + "(service API keys, env GATEWAY_AUTH_API_KEYS_FILE) and/or gateway.auth.oidc.issuer-uri (Keycloak JWTs, "
                            + "env GATEWAY_AUTH_OIDC_ISSUER_URI); for a local trial only, gateway.dev-mode=true mints one dev key "
                            + "(run-dev.sh does this)");
        }
        return CONFIGURED;
    }
}
