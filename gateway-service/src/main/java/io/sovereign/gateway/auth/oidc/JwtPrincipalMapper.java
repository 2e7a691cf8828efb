package io.sovereign.gateway.auth.oidc;

import io.sovereign.gateway.auth.GatewayPrincipal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a validated token into the gateway's principal: user from {@code userClaim} (else {@code sub}),
 * roles from the dotted {@code rolesClaimPath}, groups from {@code groupsClaim}, and the team from the first
 * group (in sorted order, so it is stable) under {@code teamGroupPrefix}: {@code /teams/legal} and
 * {@code /teams/legal/contracts} are both team {@code legal}. No team group means {@code defaultTeam}.
 * Keycloak names a client-credentials caller {@code service-account-<client-id>} in
 * {@code preferred_username}, so service accounts need no special case: put their service-account user in a
 * team group and give it roles like any employee.
 */
public final class JwtPrincipalMapper {

    private final OidcSettings settings;
    private final String[] rolesPath;

    public JwtPrincipalMapper(OidcSettings settings) {
        this.settings = settings;
        this.rolesPath = settings.rolesClaimPath().split("\\.");
    }

    public GatewayPrincipal map(Jwt jwt) {
        Map<String, Object> claims = jwt.getClaims();
        Set<String> groups = strings(claims.get(settings.groupsClaim()));
        return new GatewayPrincipal(user(claims), team(groups), groups, roles(claims), GatewayPrincipal.Method.OIDC);
    }

    private String user(Map<String, Object> claims) {
        for (String name : new String[] {settings.userClaim(), "sub"}) {
            if (claims.get(name) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        throw new OidcTokenException(
                OidcFailure.MALFORMED, "the token names no user (neither '" + settings.userClaim() + "' nor 'sub')");
    }

    private Set<String> roles(Map<String, Object> claims) {
        Object node = claims;
        for (String step : rolesPath) {
            if (!(node instanceof Map<?, ?> map)) {
                return Set.of();
            }
            node = map.get(step);
        }
        return strings(node);
    }

    private String team(Set<String> groups) {
        String prefix = settings.teamGroupPrefix();
        for (String group : new TreeSet<>(groups)) {
            if (group.startsWith(prefix) && group.length() > prefix.length()) {
                String rest = group.substring(prefix.length());
                int slash = rest.indexOf('/');
                String team = slash < 0 ? rest : rest.substring(0, slash);
                if (!team.isBlank()) {
                    return team;
                }
            }
        }
        return settings.defaultTeam();
    }

    private static Set<String> strings(Object value) {
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof String text && !text.isBlank()) {
                    result.add(text);
                }
            }
        } else if (value instanceof String text && !text.isBlank()) {
            result.add(text);
        }
        return result;
    }
}
