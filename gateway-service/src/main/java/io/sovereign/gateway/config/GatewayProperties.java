package io.sovereign.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Infrastructure settings under {@code gateway.*}; routing decisions live in the policy file, not here. */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @DefaultValue("false") boolean devMode,
        @Valid @NotNull @DefaultValue Policies policies,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Upstream upstream,
        @Valid @NotNull @DefaultValue Audit audit) {

    /**
     * Where the live policy is; its directory is watched for changes. {@code candidateFile}: a candidate policy run in
     * shadow beside it while the file exists and is valid (unset: no shadow).
     */
    public record Policies(
            @NotNull @DefaultValue("policies/default.yaml") Path file,
            @DefaultValue("true") boolean watch,
            Path candidateFile) {}

    /**
     * Service API keys (a YAML file of SHA-256 hashes) and, when {@code oidc.issuer-uri} is set, Keycloak JWTs.
     * Without either the gateway refuses to start, unless {@code gateway.dev-mode=true} asks for the one
     * minted dev key (see {@link io.sovereign.gateway.auth.AccessMode}).
     */
    public record Auth(
            Path apiKeysFile, @Valid @NotNull @DefaultValue Oidc oidc) {}

    /** {@code gateway.auth.oidc.*}: every setting keycloak/README.md documents; unset ones take OidcSettings' defaults. */
    public record Oidc(
            String issuerUri,
            @DefaultValue("gateway") String audience,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("gateway-user") String userRole,
            @DefaultValue("gateway-admin") String adminRole,
            @DefaultValue("gateway-finance") String financeRole,
            java.util.List<String> allowedAlgorithms,
            @DefaultValue("realm_access.roles") String rolesClaimPath,
            @DefaultValue("groups") String groupsClaim,
            @DefaultValue("/teams/") String teamGroupPrefix,
            @DefaultValue("unassigned") String defaultTeam,
            @DefaultValue("preferred_username") String userClaim,
            java.net.URI jwksUri,
            @DefaultValue("30s") Duration jwksMinRefreshInterval,
            @DefaultValue("5m") Duration jwksCacheTtl,
            @DefaultValue("5s") Duration jwksTimeout,
            @DefaultValue("5s") Duration readinessRetryInterval) {
        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /** Bounds on what a caller may send. */
    public record Limits(@NotNull @DefaultValue("4MB") DataSize maxBodySize) {}

    /**
     * Timeouts for calls to targets; a failure before any byte reached the caller may go to the rule's fallback.
     * {@code abandonedCallTimeout}: how long a non-streamed call may go on after its caller left (then it is
     * cancelled and charged as reserved). {@code circuit}: when a failing target is rested.
     */
    public record Upstream(
            @NotNull @DefaultValue("2s") Duration connectTimeout,
            @NotNull @DefaultValue("60s") Duration firstByteTimeout,
            @NotNull @DefaultValue("30s") Duration idleTimeout,
            @NotNull @DefaultValue("120s") Duration abandonedCallTimeout,
            @NotNull @DefaultValue io.sovereign.gateway.upstream.CircuitSettings circuit) {
        public Upstream {
            if (connectTimeout != null && connectTimeout.isNegative()
                    || firstByteTimeout != null && firstByteTimeout.isNegative()) {
                throw new IllegalArgumentException("gateway.upstream timeouts must not be negative");
            }
        }
    }

    /** One JSON line per request, on its own logger. */
    public record Audit(
            @DefaultValue("logs/audit.jsonl") Path file,
            @Positive @DefaultValue("30") int maxHistoryDays) {}
}
