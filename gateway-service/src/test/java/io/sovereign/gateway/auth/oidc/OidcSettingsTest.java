package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OidcSettingsTest {

    @Test
    void defaultsFollowTheContracts() {
        OidcSettings settings = OidcSettings.forIssuer(" https://sso.example.test/realms/gateway ");

        assertThat(settings.issuerUri()).isEqualTo("https://sso.example.test/realms/gateway");
        assertThat(settings.audience()).isEqualTo("gateway");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.rolesClaimPath()).isEqualTo("realm_access.roles");
        assertThat(settings.groupsClaim()).isEqualTo("groups");
        assertThat(settings.teamGroupPrefix()).isEqualTo("/teams/");
        assertThat(settings.defaultTeam()).isEqualTo("unassigned");
        assertThat(settings.jwksMinRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.userClaim()).isEqualTo("preferred_username");
        assertThat(settings.jwksUri()).isNull();
        assertThat(settings.jwsAlgorithms())
                .containsExactlyInAnyOrder(
                        JWSAlgorithm.RS256,
                        JWSAlgorithm.RS384,
                        JWSAlgorithm.RS512,
                        JWSAlgorithm.PS256,
                        JWSAlgorithm.PS384,
                        JWSAlgorithm.PS512,
                        JWSAlgorithm.ES256,
                        JWSAlgorithm.ES384,
                        JWSAlgorithm.ES512);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "hs512", "HS384", "EdDSA", "RSA-OAEP"})
    void symmetricUnsignedAndUnknownAlgorithmsAreRefused(String algorithm) {
        assertThatThrownBy(() -> new OidcSettings(
                        "https://idp.example.test",
                        null,
                        null,
                        List.of("RS256", algorithm),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.auth.oidc.allowed-algorithms")
                .hasMessageContaining("never 'none' or HMAC");
    }

    @Test
    void algorithmNamesAreNormalised() {
        OidcSettings settings = new OidcSettings(
                "https://idp.example.test",
                null,
                null,
                List.of(" es256 "),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(settings.jwsAlgorithms()).containsExactly(JWSAlgorithm.ES256);
    }

    @Test
    void issuerIsRequired() {
        assertThatThrownBy(() -> OidcSettings.forIssuer(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.auth.oidc.issuer-uri");
    }

    @Test
    void negativeDurationsAreRefusedWithTheirName() {
        assertThatThrownBy(
                        () -> OidcSettings.forIssuer("https://idp.example.test").withClockSkew(Duration.ofSeconds(-1)))
                .hasMessageContaining("gateway.auth.oidc.clock-skew");
        assertThatThrownBy(
                        () -> OidcSettings.forIssuer("https://idp.example.test").withJwksTimeout(Duration.ZERO))
                .hasMessageContaining("gateway.auth.oidc.jwks-timeout must be positive");
    }
}
