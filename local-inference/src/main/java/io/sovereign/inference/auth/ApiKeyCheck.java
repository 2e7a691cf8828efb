package io.sovereign.inference.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one credential local-inference knows: with a key configured, every {@code /v1/*} and {@code /metrics} call must
 * carry {@code Authorization: Bearer KEY} (the gateway sends it as the on-prem target's key; Prometheus scrapes with
 * it). {@code /health} stays open for probes. Compared in constant time, so response timing tells nothing of the key.
 */
public final class ApiKeyCheck {
    private final Optional<byte[]> expected;

    public ApiKeyCheck(Optional<String> key) {
        this.expected = key.map(k -> ("Bearer " + k).getBytes(StandardCharsets.UTF_8));
    }

    public boolean required(String path) {
        return expected.isPresent() && (path.equals("/v1") || path.startsWith("/v1/") || path.equals("/metrics"));
    }

    /** True when the request may go on: no key is needed for the path, or the header carries it. */
    public boolean allows(String path, String authorizationHeader) {
        if (!required(path)) {
            return true;
        }
        return authorizationHeader != null
                && MessageDigest.isEqual(
                        expected.get(), authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKeyCheck[" + (expected.isPresent() ? "key set" : "open") + "]";
    }
}
