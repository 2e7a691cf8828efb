package io.sovereign.gateway.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Spring Security's view of a Keycloak-issued bearer token: checks the algorithm against the allowlist
 * before anything else, verifies the signature with the issuer's cached JWKS (see {@link JwksCache}), then
 * the claims (see {@link ClaimsValidator}). Every refusal is an {@link OidcTokenException} with a safe
 * message, or a {@link JwksUnavailableException} when the keys cannot be had.
 */
public final class OidcJwtDecoder implements ReactiveJwtDecoder {

    private final JwksCache jwks;
    private final Set<JWSAlgorithm> algorithms;
    private final String algorithmList;
    private final ClaimsValidator claimsValidator;
    private final Converter<Map<String, Object>, Map<String, Object>> claimConverter =
            MappedJwtClaimSetConverter.withDefaults(Map.of());

    OidcJwtDecoder(JwksCache jwks, Set<JWSAlgorithm> algorithms, ClaimsValidator claimsValidator) {
        this.jwks = jwks;
        this.algorithms = Set.copyOf(algorithms);
        this.algorithmList =
                algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", "));
        this.claimsValidator = claimsValidator;
    }

    /** The key cache behind this decoder, for readiness. */
    public JwksCache jwks() {
        return jwks;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        SignedJWT signed;
        try {
            signed = parse(token);
        } catch (OidcTokenException e) {
            return Mono.error(e);
        }
        return Mono.fromFuture(() -> jwks.keysFor(signed.getHeader()), true)
                .map(keys -> verify(signed, keys))
                .map(claims -> toJwt(token, signed, claims));
    }

    private SignedJWT parse(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token == null ? "" : token.strip());
        } catch (ParseException e) {
            throw new OidcTokenException(OidcFailure.MALFORMED, "the bearer token is not a well-formed JWT");
        }
        if (parsed instanceof PlainJWT) {
            throw new OidcTokenException(
                    OidcFailure.UNSUPPORTED_ALGORITHM, "unsigned tokens (alg 'none') are not accepted");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw new OidcTokenException(OidcFailure.UNSUPPORTED_ALGORITHM, "encrypted tokens are not accepted");
        }
        if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
            throw new OidcTokenException(
                    OidcFailure.UNSUPPORTED_ALGORITHM,
                    "the token's signing algorithm is not accepted (accepted: " + algorithmList + ")");
        }
        return signed;
    }

    private JWTClaimsSet verify(SignedJWT token, List<JWK> candidates) {
        if (candidates.isEmpty()) {
            throw new OidcTokenException(
                    OidcFailure.UNKNOWN_KEY,
                    "the token is signed with a key the issuer does not publish (another realm, or a retired key)");
        }
        for (JWK key : candidates) {
            if (verifies(token, key)) {
                JWTClaimsSet claims;
                try {
                    claims = token.getJWTClaimsSet();
                } catch (ParseException e) {
                    throw new OidcTokenException(OidcFailure.MALFORMED, "the token's claims are not a JSON object");
                }
                claimsValidator.validate(claims);
                return claims;
            }
        }
        throw new OidcTokenException(
                OidcFailure.BAD_SIGNATURE, "the token's signature is invalid (altered or forged token)");
    }

    private static boolean verifies(SignedJWT token, JWK key) {
        try {
            JWSVerifier verifier;
            if (key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return token.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false; // a key that cannot verify this token is simply not its key
        }
    }

    private Jwt toJwt(String token, SignedJWT signed, JWTClaimsSet claims) {
        Map<String, Object> converted = claimConverter.convert(claims.getClaims());
        return Jwt.withTokenValue(token.strip())
                .headers(headers -> headers.putAll(signed.getHeader().toJSONObject()))
                .claims(values -> values.putAll(converted))
                .build();
    }
}
