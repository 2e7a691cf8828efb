package io.sovereign.gateway.auth;

import java.util.Set;

/** Who is calling: filled by API-key or OIDC authentication, read by every later pipeline stage. */
public record GatewayPrincipal(String user, String team, Set<String> groups, Set<String> roles, Method method) {

    /** How the caller proved who they are. */
    public enum Method {
        API_KEY,
        OIDC
    }

    public GatewayPrincipal {
        groups = Set.copyOf(groups);
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
