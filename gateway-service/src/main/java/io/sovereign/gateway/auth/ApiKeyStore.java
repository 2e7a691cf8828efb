package io.sovereign.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Service API keys, stored as SHA-256 hashes (never plain) in a YAML file:
 * {@code keys: [{id, sha256, user, team, roles}]}. The file is re-read when it changes, so removing a line
 * revokes the key; a file that fails to parse is refused and the previous keys stay valid.
 */
public final class ApiKeyStore {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyStore.class);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path file;
    private volatile Map<String, GatewayPrincipal> byHash;
    private volatile FileTime loadedModified;
    private volatile long nextCheckMillis;

    private ApiKeyStore(Path file, Map<String, GatewayPrincipal> byHash) {
        this.file = file;
        this.byHash = byHash;
    }

    /** Loads the keys file; a bad file at start is fatal. */
    public static ApiKeyStore fromFile(Path file) throws IOException {
        ApiKeyStore store = new ApiKeyStore(file, Map.of());
        store.loadedModified = Files.getLastModifiedTime(file);
        store.byHash = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        log.info("{} API key(s) loaded from {}", store.byHash.size(), file);
        return store;
    }

    /** Embedded dev mode: one key, minted now, for a dev principal with every role. */
    public static ApiKeyStore devKey(String key, Set<String> roles) {
        return new ApiKeyStore(
                null,
                Map.of(
                        sha256(key),
                        new GatewayPrincipal("dev", "dev", Set.of(), roles, GatewayPrincipal.Method.API_KEY)));
    }

    /** No service keys at all: JWTs only (OIDC is on and no keys file is set). */
    public static ApiKeyStore none() {
        return new ApiKeyStore(null, Map.of());
    }

    public static String newKey() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return "sk-gw-" + HexFormat.of().formatHex(random);
    }

    /** Teams that have keys (bounded metric label values known before any traffic). */
    public java.util.Set<String> teams() {
        java.util.Set<String> teams = new java.util.TreeSet<>();
        byHash.values().forEach(p -> teams.add(p.team()));
        return teams;
    }

    public GatewayPrincipal lookup(String key) {
        reloadIfChanged();
        return byHash.get(sha256(key));
    }

    private void reloadIfChanged() {
        if (file == null || System.currentTimeMillis() < nextCheckMillis) {
            return;
        }
        nextCheckMillis = System.currentTimeMillis() + 1000;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loadedModified)) {
                return;
            }
            loadedModified = modified;
            byHash = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            log.info("API keys reloaded from {}: {} key(s)", file, byHash.size());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("API keys file {} refused, previous keys stay valid: {}", file, e.getMessage());
        }
    }

    static Map<String, GatewayPrincipal> parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        Map<String, GatewayPrincipal> out = new HashMap<>();
        JsonNode keys = root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException(
                    source + ": expected 'keys:' with a list of {id, sha256, user, team, roles}");
        }
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            String at = "keys[" + i + "]";
            String sha = text(k, "sha256");
            String user = text(k, "user");
            String team = text(k, "team");
            if (sha == null || !sha.matches("[0-9a-fA-F]{64}")) {
                problems.add(at + ".sha256: must be the 64-hex-digit SHA-256 of the key");
                continue;
            }
            if (user == null || team == null) {
                problems.add(at + ": user and team are required");
                continue;
            }
            Set<String> roles = new LinkedHashSet<>();
            JsonNode r = k.get("roles");
            if (r != null && r.isArray()) {
                r.forEach(n -> roles.add(n.asString()));
            } else {
                roles.add("gateway-user");
            }
            out.put(
                    sha.toLowerCase(java.util.Locale.ROOT),
                    new GatewayPrincipal(user, team, Set.of(), roles, GatewayPrincipal.Method.API_KEY));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
        }
        return Map.copyOf(out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    public static String sha256(String key) {
        MessageDigest digest = SHA256.get(); // digest() resets it for the next key
        return HEX.formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: {@code MessageDigest.getInstance} walks the security providers on every call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
