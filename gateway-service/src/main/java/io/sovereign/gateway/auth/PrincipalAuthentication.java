package io.sovereign.gateway.auth;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A successful authentication, whichever way it happened: carries the gateway principal; roles are authorities. */
public final class PrincipalAuthentication extends AbstractAuthenticationToken {

    private final GatewayPrincipal principal;

    public PrincipalAuthentication(GatewayPrincipal principal) {
        super(principal.roles().stream().map(SimpleGrantedAuthority::new).toList());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return ""; // the key or token is not kept beyond authentication
    }

    @Override
    public GatewayPrincipal getPrincipal() {
        return principal;
    }

    public GatewayPrincipal principal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.user();
    }
}
