package io.sovereign.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.auth.Authenticator;
import io.sovereign.gateway.auth.oidc.JwtPrincipalMapper;
import io.sovereign.gateway.auth.oidc.OidcJwtDecoder;
import io.sovereign.gateway.auth.oidc.OidcJwtDecoderFactory;
import io.sovereign.gateway.auth.oidc.OidcReadiness;
import io.sovereign.gateway.auth.oidc.OidcSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Employees' Keycloak JWTs, switched on by {@code gateway.auth.oidc.issuer-uri}. Nothing is fetched at start:
 * the gateway comes up while Keycloak is down and reports not-ready ({@code oidc} in the readiness group)
 * until the issuer's keys have been fetched once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.auth.oidc.issuer-uri")
public class OidcConfiguration {

    @Bean
    OidcSettings oidcSettings(GatewayProperties props) {
        try {
            return settings(props.auth().oidc());
        } catch (IllegalArgumentException e) {
            throw new GatewayConfiguration.StartupException(e.getMessage());
        }
    }

    /** The bound {@code gateway.auth.oidc.*} settings as the validator's settings (checked in its constructor). */
    public static OidcSettings settings(GatewayProperties.Oidc o) {
        return new OidcSettings(
                o.issuerUri(),
                o.audience(),
                o.clockSkew(),
                o.allowedAlgorithms(),
                o.rolesClaimPath(),
                o.groupsClaim(),
                o.teamGroupPrefix(),
                o.defaultTeam(),
                o.jwksMinRefreshInterval(),
                o.userClaim(),
                o.jwksUri(),
                o.jwksCacheTtl(),
                o.jwksTimeout(),
                o.readinessRetryInterval());
    }

    @Bean
    OidcJwtDecoder oidcJwtDecoder(OidcSettings settings, MeterRegistry registry) {
        return OidcJwtDecoderFactory.create(settings, registry);
    }

    @Bean(name = "oidc", destroyMethod = "close")
    OidcReadiness oidcReadiness(OidcJwtDecoder decoder, OidcSettings settings) {
        return new OidcReadiness(decoder.jwks(), settings.readinessRetryInterval()).start();
    }

    /** The decoder (JWKS cache, algorithm allowlist, claims checks) and the claims mapper, called per request. */
    @Bean
    Authenticator.Jwt jwtAuthentication(OidcJwtDecoder decoder, OidcSettings settings) {
        JwtPrincipalMapper mapper = new JwtPrincipalMapper(settings);
        return token -> decoder.decode(token).map(mapper::map);
    }
}
