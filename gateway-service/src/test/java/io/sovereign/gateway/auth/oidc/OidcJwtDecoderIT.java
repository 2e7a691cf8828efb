package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.testsupport.KeycloakServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Flux;

/** The decoder and mapper against a real Keycloak 26 with the project realm imported. */
class OidcJwtDecoderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KeycloakServer keycloak;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void startKeycloak() {
        keycloak = KeycloakServer.get();
        createOnce(() -> keycloak.adminPost("/" + KeycloakServer.REALM + "/clients", """
                {"clientId": "no-audience-app", "publicClient": true, "directAccessGrantsEnabled": true,
                 "standardFlowEnabled": false}
                """));
        createOnce(() -> keycloak.createRealm("""
                {"realm": "elsewhere", "enabled": true,
                 "users": [{"username": "mallory", "enabled": true, "email": "mallory@example.test",
                            "emailVerified": true, "firstName": "Mallory", "lastName": "Example",
                            "credentials": [{"type": "password", "value": "mallory-password"}]}],
                 "clients": [{"clientId": "gateway-cli", "publicClient": true, "directAccessGrantsEnabled": true,
                              "protocolMappers": [{"name": "audience-gateway", "protocol": "openid-connect",
                                  "protocolMapper": "oidc-audience-mapper",
                                  "config": {"included.custom.audience": "gateway", "access.token.claim": "true"}},
                                  {"name": "groups", "protocol": "openid-connect",
                                  "protocolMapper": "oidc-group-membership-mapper",
                                  "config": {"claim.name": "groups", "full.path": "true",
                                             "access.token.claim": "true"}}]}]}
                """));
    }

    private static void createOnce(Runnable create) {
        try {
            create.run();
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("answered 409")) {
                throw e;
            }
        }
    }

    private OidcSettings settings() {
        return OidcSettings.forIssuer(keycloak.issuerUri());
    }

    private OidcJwtDecoder decoder(OidcSettings settings, Clock clock) {
        return OidcJwtDecoderFactory.create(settings, registry, clock);
    }

    private OidcJwtDecoder decoder() {
        return OidcJwtDecoderFactory.create(settings(), registry);
    }

    private GatewayPrincipal principal(OidcJwtDecoder decoder, String token) {
        return new JwtPrincipalMapper(settings()).map(decoder.decode(token).block(WAIT));
    }

    private static String password(String user) {
        return keycloak.passwordToken(user, user + "-password");
    }

    private double fetches(String result) {
        return registry.counter(OidcJwtDecoderFactory.REFRESH_METRIC, "result", result)
                .count();
    }

    private static OidcTokenException refusal(OidcJwtDecoder decoder, String token) {
        Throwable thrown = null;
        try {
            decoder.decode(token).block(WAIT);
        } catch (Throwable e) {
            thrown = e;
        }
        assertThat(thrown).as("the token must be refused").isInstanceOf(OidcTokenException.class);
        return (OidcTokenException) thrown;
    }

    @Test
    void employeesOfTwoTeamsAreToldApart() {
        OidcJwtDecoder decoder = decoder();
        GatewayPrincipal alice = principal(decoder, password("alice"));
        GatewayPrincipal bob = principal(decoder, password("bob"));

        assertThat(alice)
                .isEqualTo(new GatewayPrincipal(
                        "alice",
                        "engineering",
                        Set.of("/teams/engineering"),
                        Set.of("gateway-user"),
                        GatewayPrincipal.Method.OIDC));
        assertThat(bob.user()).isEqualTo("bob");
        assertThat(bob.team()).isEqualTo("legal");
        assertThat(bob.groups()).containsExactly("/teams/legal");
    }

    @ParameterizedTest(name = "{0}: user={1} admin={2} finance={3}")
    @CsvSource({
        "alice, true,  false, false",
        "bob,   true,  false, false",
        "carol, true,  true,  false",
        "dave,  true,  false, true",
        "eve,   false, false, false"
    })
    void realmRolesBecomeGatewayRoles(String user, boolean gatewayUser, boolean admin, boolean finance) {
        GatewayPrincipal principal = principal(decoder(), password(user));

        assertThat(principal.hasRole("gateway-user")).isEqualTo(gatewayUser);
        assertThat(principal.hasRole("gateway-admin")).isEqualTo(admin);
        assertThat(principal.hasRole("gateway-finance")).isEqualTo(finance);
    }

    @Test
    void serviceAccountOfAConfidentialClientMapsLikeAUser() {
        String token = keycloak.clientCredentialsToken("reporting-service", "reporting-service-secret");

        GatewayPrincipal service = principal(decoder(), token);

        assertThat(service.user()).isEqualTo("service-account-reporting-service");
        assertThat(service.team()).isEqualTo("engineering");
        assertThat(service.roles()).contains("gateway-user");
        assertThat(service.method()).isEqualTo(GatewayPrincipal.Method.OIDC);
    }

    @Test
    void constructionFetchesNothingAndConcurrentFirstCallsShareOneFetch() {
        OidcJwtDecoder decoder = decoder();
        assertThat(fetches("success") + fetches("failure")).isZero();

        String token = password("alice");
        List<Jwt> decoded = Flux.fromStream(IntStream.range(0, 20).boxed())
                .flatMap(i -> decoder.decode(token), 20)
                .collectList()
                .block(WAIT);

        assertThat(decoded).hasSize(20);
        assertThat(fetches("success")).isEqualTo(1.0);
    }

    @Test
    void tokenWithoutTheGatewayAudienceIsRefusedNamingTheExpectedAudience() {
        String token = keycloak.passwordToken(KeycloakServer.REALM, "no-audience-app", "alice", "alice-password");

        OidcTokenException refused = refusal(decoder(), token);

        assertThat(refused.failure()).isEqualTo(OidcFailure.WRONG_AUDIENCE);
        assertThat(JwtFailureMessages.describe(refused)).contains("'gateway'").doesNotContain(token);
    }

    @Test
    void expiredTokenIsRefusedAndTheClockSkewIsHonoured() throws Exception {
        String token = password("alice");
        Instant expiry =
                SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        MutableClock clock = new MutableClock(expiry.plusSeconds(10));
        OidcJwtDecoder decoder = decoder(settings().withClockSkew(Duration.ofSeconds(30)), clock);

        assertThat(decoder.decode(token).block(WAIT)).isNotNull(); // 10 s late, within 30 s of skew
        clock.set(expiry.plusSeconds(31));
        OidcTokenException refused = refusal(decoder, token);

        assertThat(refused.failure()).isEqualTo(OidcFailure.EXPIRED);
        assertThat(JwtFailureMessages.describe(refused)).contains("expired");
    }

    @Test
    void tokenIssuedInTheFutureIsNotYetValid() throws Exception {
        String token = password("bob");
        Instant issued = SignedJWT.parse(token).getJWTClaimsSet().getIssueTime().toInstant();
        OidcJwtDecoder decoder = decoder(settings(), new MutableClock(issued.minusSeconds(60)));

        assertThat(refusal(decoder, token).failure()).isEqualTo(OidcFailure.NOT_YET_VALID);
    }

    @Test
    void alteredClaimsBreakTheSignature() {
        String[] parts = password("bob").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = claims.replace("/teams/legal", "/teams/engineering");
        assertThat(promoted).isNotEqualTo(claims);
        String tampered = parts[0] + "." + base64(promoted) + "." + parts[2];

        OidcTokenException refused = refusal(decoder(), tampered);

        assertThat(refused.failure()).isEqualTo(OidcFailure.BAD_SIGNATURE);
        assertThat(JwtFailureMessages.describe(refused)).contains("signature").doesNotContain("engineering");
    }

    @Test
    void alteredSignatureIsRefused() {
        String token = password("alice");
        int middle = token.lastIndexOf('.') + 20;
        char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, middle) + flipped + token.substring(middle + 1);

        assertThat(refusal(decoder(), tampered).failure()).isEqualTo(OidcFailure.BAD_SIGNATURE);
    }

    @Test
    void unsignedTokenWithAlgNoneIsRefused() {
        String[] parts = password("alice").split("\\.");
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

        OidcTokenException refused = refusal(decoder(), unsigned);

        assertThat(refused.failure()).isEqualTo(OidcFailure.UNSUPPORTED_ALGORITHM);
        assertThat(refused.getMessage()).contains("none");
    }

    @Test
    void hs256SignedWithTheRealmsPublicKeyIsRefused() throws Exception {
        String token = password("alice");
        SignedJWT original = SignedJWT.parse(token);
        String kid = original.getHeader().getKeyID();
        RSAKey publicKey = (RSAKey) JWKSet.load(URI.create(keycloak.issuerUri() + "/protocol/openid-connect/certs")
                        .toURL())
                .getKeyByKeyId(kid);
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), original.getJWTClaimsSet());
        forged.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));

        OidcTokenException refused = refusal(decoder(), forged.serialize());

        assertThat(refused.failure()).isEqualTo(OidcFailure.UNSUPPORTED_ALGORITHM);
        assertThat(refused.getMessage()).contains("RS256").doesNotContain("HS256");
    }

    @Test
    void tokenFromAnotherRealmIsRefused() {
        String foreign = keycloak.passwordToken("elsewhere", "gateway-cli", "mallory", "mallory-password");

        OidcTokenException refused = refusal(decoder(), foreign);

        assertThat(refused.failure()).isEqualTo(OidcFailure.UNKNOWN_KEY);
    }

    @Test
    void correctlySignedTokenForAnotherIssuerNameIsRefusedNamingTheExpectedIssuer() {
        String token = keycloak.passwordTokenViaHost("localhost", "alice", "alice-password");

        OidcTokenException refused = refusal(decoder(), token);

        assertThat(refused.failure()).isEqualTo(OidcFailure.WRONG_ISSUER);
        assertThat(refused.getMessage()).contains(keycloak.issuerUri());
    }

    @Test
    void keysCanComeFromAnInternalAddressWhileTheIssuerStaysThePublicName() {
        URI internal = URI.create(
                keycloak.baseUrl().replace("127.0.0.1", "localhost") + "/realms/gateway/protocol/openid-connect/certs");
        OidcJwtDecoder decoder = decoder(settings().withJwksUri(internal), Clock.systemUTC());

        assertThat(principal(decoder, password("bob")).team()).isEqualTo("legal");
        assertThat(decoder.jwks().location()).isEqualTo(internal.toString());
    }

    @Test
    void keyRotationIsPickedUpAtOnceWhileForgedKidsStayRateLimited() {
        MutableClock clock = MutableClock.atSystemTime();
        OidcJwtDecoder decoder = decoder(settings().withJwksMinRefreshInterval(Duration.ofSeconds(30)), clock);
        assertThat(decoder.decode(password("alice")).block(WAIT)).isNotNull();
        assertThat(fetches("success")).isEqualTo(1.0);

        String newKid = keycloak.rotateRsaKey(KeycloakServer.REALM);
        String rotated = password("bob");
        assertThat(rotated)
                .satisfies(t ->
                        assertThat(SignedJWT.parse(t).getHeader().getKeyID()).isEqualTo(newKid));

        // a few seconds after the last fetch (not 30): the first token with the new kid fetches and is accepted
        clock.advance(Duration.ofSeconds(2));
        GatewayPrincipal bob = principal(decoder, rotated);
        assertThat(bob.team()).isEqualTo("legal");
        assertThat(fetches("success")).isEqualTo(2.0);

        // a forged kid right after a fetch: the global floor (1 s) holds it off
        String forged = withKid(rotated, "no-such-key");
        assertThat(refusal(decoder, forged).failure()).isEqualTo(OidcFailure.UNKNOWN_KEY);
        assertThat(fetches("success")).isEqualTo(2.0);
        // after the floor it fetches once, then the same kid is limited to once per 30 s, however often it comes
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(decoder, forged).failure()).isEqualTo(OidcFailure.UNKNOWN_KEY);
        }
        assertThat(fetches("success")).isEqualTo(3.0);
        // a burst of other forged kids within the floor costs nothing more
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(decoder, withKid(rotated, "forged-" + i)).failure())
                    .isEqualTo(OidcFailure.UNKNOWN_KEY);
        }
        assertThat(fetches("success")).isEqualTo(3.0);
        // and bob's key, now known, costs no fetch at all
        assertThat(principal(decoder, password("bob")).user()).isEqualTo("bob");
        assertThat(fetches("success")).isEqualTo(3.0);
    }

    @Test
    void keycloakDownCachedKeysStillValidateAndUnknownKeysReportUnavailability() {
        OidcJwtDecoder decoder = decoder(
                settings().withJwksMinRefreshInterval(Duration.ZERO).withJwksTimeout(Duration.ofSeconds(1)),
                Clock.systemUTC());
        String alice = password("alice");
        String dave = password("dave");
        String foreign = keycloak.passwordToken("elsewhere", "gateway-cli", "mallory", "mallory-password");
        assertThat(decoder.decode(alice).block(WAIT)).isNotNull();

        keycloak.pause();
        try {
            assertThat(principal(decoder, dave).team()).isEqualTo("legal");
            long started = System.nanoTime();
            assertThatThrownBy(() -> decoder.decode(foreign).block(WAIT)).isInstanceOf(JwksUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(fetches("failure")).isEqualTo(1.0);
            assertThat(decoder.jwks().lastFailure())
                    .hasValueSatisfying(f -> assertThat(f).contains("no answer"));
            assertThat(principal(decoder, alice).user()).isEqualTo("alice");
        } finally {
            keycloak.resume();
        }
    }

    @Test
    void readinessTurnsUpOnceTheKeysAreFetched() {
        OidcJwtDecoder decoder = decoder();
        try (OidcReadiness readiness = new OidcReadiness(decoder.jwks(), Duration.ofMillis(200))) {
            assertThat(readiness.health().block(WAIT).getStatus().getCode()).isEqualTo("DOWN");

            readiness.start();

            await().atMost(WAIT).until(readiness::ready);
            assertThat(readiness.health().block(WAIT).getStatus().getCode()).isEqualTo("UP");
            assertThat(fetches("success")).isEqualTo(1.0);
        }
    }

    private static String withKid(String token, String kid) {
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                .replaceAll("\"kid\"\\s*:\\s*\"[^\"]*\"", "\"kid\":\"" + kid + "\"");
        assertThat(header).contains("\"kid\":\"" + kid + "\"");
        return base64(header) + "." + parts[1] + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
