package io.sovereign.gateway.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the gateway validates Keycloak (or any OIDC provider's) JWTs and reads a principal out of them.
 * Every field but {@code issuerUri} may be null and then takes the documented default, so the record binds
 * directly from {@code gateway.auth.oidc.*}.
 *
 * @param issuerUri the exact {@code iss} of accepted tokens, e.g. {@code https://sso.example.com/realms/gateway}
 * @param audience a value that must be in {@code aud} (default {@code gateway})
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat} (default 30 s)
 * @param allowedAlgorithms JWS algorithms accepted (default RS/PS/ES 256-512); {@code none} and HMAC are refused
 * @param rolesClaimPath dotted path to the roles array (default {@code realm_access.roles})
 * @param groupsClaim claim with group paths (default {@code groups})
 * @param teamGroupPrefix groups under this prefix name the team (default {@code /teams/})
 * @param defaultTeam team of a caller in no team group (default {@code unassigned})
 * @param jwksMinRefreshInterval at most one JWKS fetch per interval for tokens with an unknown key (default 30 s)
 * @param userClaim claim naming the user (default {@code preferred_username}; falls back to {@code sub})
 * @param jwksUri where to fetch the keys; null means discover it from the issuer's OpenID configuration
 *                (set it when the gateway reaches Keycloak under another name than the public issuer)
 * @param jwksCacheTtl age after which cached keys are refreshed in the background (default 5 min, 0 = never);
 *                     on failure the old keys stay in use
 * @param jwksTimeout connect and response timeout of one discovery or JWKS request (default 5 s)
 * @param readinessRetryInterval how often readiness retries the first JWKS fetch (default 5 s)
 */
public record OidcSettings(
        String issuerUri,
        String audience,
        Duration clockSkew,
        List<String> allowedAlgorithms,
        String rolesClaimPath,
        String groupsClaim,
        String teamGroupPrefix,
        String defaultTeam,
        Duration jwksMinRefreshInterval,
        String userClaim,
        URI jwksUri,
        Duration jwksCacheTtl,
        Duration jwksTimeout,
        Duration readinessRetryInterval) {

    public static final List<String> DEFAULT_ALGORITHMS =
            List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    public OidcSettings {
        if (issuerUri == null || issuerUri.isBlank()) {
            throw new IllegalArgumentException("gateway.auth.oidc.issuer-uri must be set to turn on JWT validation");
        }
        issuerUri = issuerUri.strip();
        audience = orDefault(audience, "gateway");
        clockSkew = nonNegative("clock-skew", clockSkew, Duration.ofSeconds(30));
        allowedAlgorithms = List.copyOf(
                allowedAlgorithms == null || allowedAlgorithms.isEmpty()
                        ? DEFAULT_ALGORITHMS
                        : allowedAlgorithms.stream()
                                .map(a -> a.strip().toUpperCase(Locale.ROOT))
                                .toList());
        allowedAlgorithms.forEach(OidcSettings::checkAsymmetric);
        rolesClaimPath = orDefault(rolesClaimPath, "realm_access.roles");
        groupsClaim = orDefault(groupsClaim, "groups");
        teamGroupPrefix = orDefault(teamGroupPrefix, "/teams/");
        defaultTeam = orDefault(defaultTeam, "unassigned");
        jwksMinRefreshInterval =
                nonNegative("jwks-min-refresh-interval", jwksMinRefreshInterval, Duration.ofSeconds(30));
        userClaim = orDefault(userClaim, "preferred_username");
        jwksCacheTtl = nonNegative("jwks-cache-ttl", jwksCacheTtl, Duration.ofMinutes(5));
        jwksTimeout = positive("jwks-timeout", jwksTimeout, Duration.ofSeconds(5));
        readinessRetryInterval = positive("readiness-retry-interval", readinessRetryInterval, Duration.ofSeconds(5));
    }

    /** All defaults for one issuer. */
    public static OidcSettings forIssuer(String issuerUri) {
        return new OidcSettings(
                issuerUri, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public OidcSettings withAudience(String value) {
        return new OidcSettings(
                issuerUri,
                value,
                clockSkew,
                allowedAlgorithms,
                rolesClaimPath,
                groupsClaim,
                teamGroupPrefix,
                defaultTeam,
                jwksMinRefreshInterval,
                userClaim,
                jwksUri,
                jwksCacheTtl,
                jwksTimeout,
                readinessRetryInterval);
    }

    public OidcSettings withClockSkew(Duration value) {
        return new OidcSettings(
                issuerUri,
                audience,
                value,
                allowedAlgorithms,
                rolesClaimPath,
                groupsClaim,
                teamGroupPrefix,
                defaultTeam,
                jwksMinRefreshInterval,
                userClaim,
                jwksUri,
                jwksCacheTtl,
                jwksTimeout,
                readinessRetryInterval);
    }

    public OidcSettings withJwksMinRefreshInterval(Duration value) {
        return new OidcSettings(
                issuerUri,
                audience,
                clockSkew,
                allowedAlgorithms,
                rolesClaimPath,
                groupsClaim,
                teamGroupPrefix,
                defaultTeam,
                value,
                userClaim,
                jwksUri,
                jwksCacheTtl,
                jwksTimeout,
                readinessRetryInterval);
    }

    public OidcSettings withJwksTimeout(Duration value) {
        return new OidcSettings(
                issuerUri,
                audience,
                clockSkew,
                allowedAlgorithms,
                rolesClaimPath,
                groupsClaim,
                teamGroupPrefix,
                defaultTeam,
                jwksMinRefreshInterval,
                userClaim,
                jwksUri,
                jwksCacheTtl,
                value,
                readinessRetryInterval);
    }

    public OidcSettings withJwksUri(URI value) {
        return new OidcSettings(
                issuerUri,
                audience,
                clockSkew,
                allowedAlgorithms,
                rolesClaimPath,
                groupsClaim,
                teamGroupPrefix,
                defaultTeam,
                jwksMinRefreshInterval,
                userClaim,
                value,
                jwksCacheTtl,
                jwksTimeout,
                readinessRetryInterval);
    }

    public OidcSettings withReadinessRetryInterval(Duration value) {
        return new OidcSettings(
                issuerUri,
                audience,
                clockSkew,
                allowedAlgorithms,
                rolesClaimPath,
                groupsClaim,
                teamGroupPrefix,
                defaultTeam,
                jwksMinRefreshInterval,
                userClaim,
                jwksUri,
                jwksCacheTtl,
                jwksTimeout,
                value);
    }

    /** The allowlist as Nimbus algorithms, in configured order. */
    public Set<JWSAlgorithm> jwsAlgorithms() {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        allowedAlgorithms.forEach(name -> algorithms.add(JWSAlgorithm.parse(name)));
        return Set.copyOf(algorithms);
    }

    private static void checkAsymmetric(String name) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
            throw new IllegalArgumentException("gateway.auth.oidc.allowed-algorithms: '" + name
                    + "' is not allowed; only asymmetric RSA/EC signatures are (never 'none' or HMAC such as HS256)");
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static Duration nonNegative(String name, Duration value, Duration fallback) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative()) {
            throw new IllegalArgumentException("gateway.auth.oidc." + name + " must not be negative: " + result);
        }
        return result;
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        Duration result = nonNegative(name, value, fallback);
        if (result.isZero()) {
            throw new IllegalArgumentException("gateway.auth.oidc." + name + " must be positive");
        }
        return result;
    }
}
