package io.sovereign.gateway.auth;

import org.springframework.util.MultiValueMap;

/** Told about every call refused for a missing role (the admin audit records those under /admin). */
@FunctionalInterface
public interface DeniedCallListener {
    /** {@code caller} is null when the principal could not be read. */
    void denied(String method, String path, MultiValueMap<String, String> query, GatewayPrincipal caller, int status);
}
