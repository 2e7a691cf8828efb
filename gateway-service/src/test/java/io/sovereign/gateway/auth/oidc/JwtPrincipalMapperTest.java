package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.auth.GatewayPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtPrincipalMapperTest {

    private static final OidcSettings DEFAULTS = OidcSettings.forIssuer("https://sso.example.test/realms/gateway");

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .claims(c -> c.putAll(claims))
                .build();
    }

    private static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "0c5e-subject");
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of(
                        "employee in one team",
                        claims(
                                "preferred_username",
                                "alice",
                                "groups",
                                List.of("/teams/engineering"),
                                "realm_access",
                                Map.of("roles", List.of("gateway-user", "offline_access"))),
                        "alice",
                        "engineering",
                        Set.of("gateway-user", "offline_access")),
                Arguments.of(
                        "subgroup of a team counts as the team",
                        claims("preferred_username", "bob", "groups", List.of("/teams/legal/contracts")),
                        "bob",
                        "legal",
                        Set.of()),
                Arguments.of(
                        "no team group: default team",
                        claims("preferred_username", "eve", "groups", List.of("/staff", "/teams/")),
                        "eve",
                        "unassigned",
                        Set.of()),
                Arguments.of(
                        "two team groups: the first in sorted order, whatever the claim order",
                        claims("preferred_username", "zed", "groups", List.of("/teams/legal", "/teams/engineering")),
                        "zed",
                        "engineering",
                        Set.of()),
                Arguments.of(
                        "no preferred_username: falls back to sub",
                        claims("groups", List.of("/teams/legal")),
                        "0c5e-subject",
                        "legal",
                        Set.of()),
                Arguments.of(
                        "service account from client credentials",
                        claims(
                                "preferred_username",
                                "service-account-reporting-service",
                                "azp",
                                "reporting-service",
                                "groups",
                                List.of("/teams/engineering"),
                                "realm_access",
                                Map.of("roles", List.of("gateway-user"))),
                        "service-account-reporting-service",
                        "engineering",
                        Set.of("gateway-user")),
                Arguments.of(
                        "roles claim of the wrong shape is ignored, not fatal",
                        claims("preferred_username", "mia", "realm_access", "gateway-admin"),
                        "mia",
                        "unassigned",
                        Set.of()),
                Arguments.of(
                        "non-string roles are dropped",
                        claims(
                                "preferred_username",
                                "max",
                                "realm_access",
                                Map.of("roles", List.of("gateway-user", 7))),
                        "max",
                        "unassigned",
                        Set.of("gateway-user")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void mapsClaimsToPrincipal(String name, Map<String, Object> claims, String user, String team, Set<String> roles) {
        GatewayPrincipal principal = new JwtPrincipalMapper(DEFAULTS).map(jwt(claims));

        assertThat(principal.user()).isEqualTo(user);
        assertThat(principal.team()).isEqualTo(team);
        assertThat(principal.roles()).isEqualTo(roles);
        assertThat(principal.method()).isEqualTo(GatewayPrincipal.Method.OIDC);
    }

    @Test
    void claimNamesAndPrefixAreConfiguration() {
        OidcSettings custom = new OidcSettings(
                "https://idp.example.test",
                null,
                null,
                null,
                "resource_access.gateway.roles",
                "memberOf",
                "/org/",
                "nobody",
                null,
                "email",
                null,
                null,
                null,
                null);
        Jwt token = jwt(claims(
                "email",
                "ann@example.test",
                "memberOf",
                List.of("/org/finance", "/teams/legal"),
                "resource_access",
                Map.of("gateway", Map.of("roles", List.of("gateway-finance")))));

        GatewayPrincipal principal = new JwtPrincipalMapper(custom).map(token);

        assertThat(principal)
                .isEqualTo(new GatewayPrincipal(
                        "ann@example.test",
                        "finance",
                        Set.of("/org/finance", "/teams/legal"),
                        Set.of("gateway-finance"),
                        GatewayPrincipal.Method.OIDC));
    }

    @Test
    void tokenNamingNoUserIsRefused() {
        Map<String, Object> anonymous = new LinkedHashMap<>(Map.of("groups", List.of("/teams/legal")));

        assertThatThrownBy(() -> new JwtPrincipalMapper(DEFAULTS).map(jwt(anonymous)))
                .isInstanceOfSatisfying(
                        OidcTokenException.class, e -> assertThat(e.failure()).isEqualTo(OidcFailure.MALFORMED))
                .hasMessageContaining("names no user");
    }
}
