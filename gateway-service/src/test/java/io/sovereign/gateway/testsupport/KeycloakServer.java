package io.sovereign.gateway.testsupport;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak for integration tests: the distribution Maven unpacks into {@code target/keycloak}, started
 * with {@code kc.sh start-dev} on free loopback ports, an in-memory database and the project's realm file
 * ({@code keycloak/gateway-realm.json}) imported. One instance per test JVM, started on first use and
 * stopped by a shutdown hook.
 */
public final class KeycloakServer {

    public static final String VERSION = "26.5.6";
    public static final String REALM = "gateway";
    public static final String CLI_CLIENT = "gateway-cli";
    private static final String ADMIN_USER = "admin";
    private static final String ADMIN_PASSWORD = "admin-" + Long.toHexString(System.nanoTime());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private static KeycloakServer instance;

    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean paused;

    /** The shared instance, started (and awaited) on the first call. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "keycloak-stop"));
        }
        return instance;
    }

    private KeycloakServer(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The issuer of the project realm, exactly as it appears in {@code iss}. */
    public String issuerUri() {
        return issuerUri(REALM);
    }

    public String issuerUri(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** An access token for a user of the project realm, through the public CLI client (password grant). */
    public String passwordToken(String user, String password) {
        return passwordToken(REALM, CLI_CLIENT, user, password);
    }

    public String passwordToken(String realm, String client, String user, String password) {
        return token(
                realm, Map.of("grant_type", "password", "client_id", client, "username", user, "password", password));
    }

    /**
     * A password-grant token requested through another host name for the same server. Keycloak's dev mode
     * derives {@code iss} from the request, so this yields a correctly signed token with a different issuer.
     */
    public String passwordTokenViaHost(String host, String user, String password) {
        return tokenAt(
                baseUrl.replace("127.0.0.1", host) + "/realms/" + REALM,
                Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", user, "password", password));
    }

    /** An access token for a confidential client's service account (client credentials grant). */
    public String clientCredentialsToken(String client, String secret) {
        return token(REALM, Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret));
    }

    /** POSTs JSON to the admin REST API ({@code path} below {@code /admin/realms}); returns the Location. */
    public String adminPost(String path, String json) {
        HttpResponse<String> response = send(adminRequest(path)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json")
                .build());
        expect(response, 201, 204);
        return response.headers().firstValue("Location").orElse("");
    }

    public void adminPut(String path, String json) {
        expect(
                send(adminRequest(path)
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json")
                        .build()),
                204);
    }

    public String adminGet(String path) {
        HttpResponse<String> response = send(adminRequest(path).GET().build());
        expect(response, 200);
        return response.body();
    }

    /** Creates a realm from its JSON representation (as the admin console's import does). */
    public void createRealm(String json) {
        adminPost("", json);
    }

    /** The {@code kid} of the realm's active RS256 signing key. */
    public String activeSigningKid(String realm) {
        @SuppressWarnings("unchecked")
        Map<String, Object> active =
                (Map<String, Object>) object(adminGet("/" + realm + "/keys")).get("active");
        return (String) active.get("RS256");
    }

    /**
     * Rotates the realm's RSA signing key the way an operator would: adds a new {@code rsa-generated}
     * provider with a higher priority, then disables the previous ones (which removes them from the JWKS).
     * Returns the new active {@code kid}.
     */
    public String rotateRsaKey(String realm) {
        String realmId = (String) object(adminGet("/" + realm)).get("id");
        List<Map<String, Object>> providers =
                array(adminGet("/" + realm + "/components?type=org.keycloak.keys.KeyProvider"));
        List<Map<String, Object>> oldRsa = providers.stream()
                .filter(p -> "rsa-generated".equals(p.get("providerId")))
                .toList();
        long priority =
                100 + oldRsa.stream().mapToLong(KeycloakServer::priority).max().orElse(100);
        adminPost("/" + realm + "/components", """
                {"name": "rsa-rotated-%d", "providerId": "rsa-generated",
                 "providerType": "org.keycloak.keys.KeyProvider", "parentId": "%s",
                 "config": {"priority": ["%d"], "enabled": ["true"], "active": ["true"],
                            "algorithm": ["RS256"], "keySize": ["2048"]}}
                """.formatted(System.nanoTime(), realmId, priority));
        for (Map<String, Object> old : oldRsa) {
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) old.get("config");
            config.put("enabled", List.of("false"));
            config.put("active", List.of("false"));
            adminPut("/" + realm + "/components/" + old.get("id"), JSONObjectUtils.toJSONString(old));
        }
        return activeSigningKid(realm);
    }

    /** Freezes the Keycloak process (SIGSTOP): it keeps its port but answers nothing, as a hung server does. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    public synchronized void resume() {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    private void signal(String name) {
        try {
            // kc.sh may run Java as its child rather than exec it: signal the whole tree
            List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
            process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
            Process kill = new ProcessBuilder(command).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String token(String realm, Map<String, String> form) {
        return tokenAt(issuerUri(realm), form);
    }

    private String tokenAt(String issuer, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        expect(response, 200);
        return (String) object(response.body()).get("access_token");
    }

    private HttpRequest.Builder adminRequest(String path) {
        String admin = token(
                "master",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        ADMIN_USER,
                        "password",
                        ADMIN_PASSWORD));
        return HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(response.request().method() + " "
                + response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
    }

    private static long priority(Map<String, Object> provider) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) provider.get("config");
        Object values = config == null ? null : config.get("priority");
        return values instanceof List<?> list && !list.isEmpty()
                ? Long.parseLong(list.get(0).toString())
                : 0;
    }

    private static Map<String, Object> object(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("not a JSON object: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> array(String json) {
        try {
            List<Map<String, Object>> result = new ArrayList<>();
            for (Object item : JSONArrayUtils.parse(json)) {
                result.add((Map<String, Object>) item);
            }
            return result;
        } catch (ParseException e) {
            throw new IllegalStateException("not a JSON array: " + json, e);
        }
    }

    private static KeycloakServer start() {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-" + VERSION))
                .toAbsolutePath();
        Path kcSh = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("Keycloak distribution not found at " + home + ": run the tests through"
                    + " Maven's verify phase (mvn -pl gateway-service verify), whose pre-integration-test step unpacks"
                    + " org.keycloak:keycloak-quarkus-dist:" + VERSION + ":tar.gz there, or set -Dkeycloak.home");
        }
        Path realmFile = Path.of(System.getProperty("keycloak.realm-file", "../keycloak/gateway-realm.json"))
                .toAbsolutePath();
        if (!Files.isRegularFile(realmFile)) {
            throw new IllegalStateException("realm file not found at " + realmFile + " (set -Dkeycloak.realm-file)");
        }
        try {
            Path imports = home.resolve("data/import");
            deleteTree(imports);
            Files.createDirectories(imports);
            Files.copy(realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            int httpPort = freePort();
            int managementPort = freePort();
            Path log = home.resolve("keycloak-test.log");
            ProcessBuilder builder = new ProcessBuilder(
                            "/bin/bash",
                            kcSh.toString(),
                            "start-dev",
                            "--http-host=127.0.0.1",
                            "--http-port=" + httpPort,
                            "--http-management-port=" + managementPort,
                            "--db=dev-mem",
                            "--import-realm")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            Instant started = Instant.now();
            KeycloakServer server = new KeycloakServer(builder.start(), log, "http://127.0.0.1:" + httpPort);
            server.awaitRealm(started);
            System.out.printf(
                    "Keycloak %s ready at %s in %d ms (log: %s)%n",
                    VERSION,
                    server.baseUrl,
                    Duration.between(started, Instant.now()).toMillis(),
                    log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak from " + home, e);
        }
    }

    private void awaitRealm(Instant started) {
        URI discovery = URI.create(issuerUri() + "/.well-known/openid-configuration");
        Instant deadline = started.plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " before it was ready;"
                        + " last lines of " + log + ":\n" + tail());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(discovery)
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS); // poll interval; returns early if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s; last lines"
                + " of " + log + ":\n" + tail());
    }

    private void stop() {
        resume();
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .toList();
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(30);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit()
                        .get(
                                Math.max(
                                        1,
                                        Duration.between(Instant.now(), deadline)
                                                .toMillis()),
                                TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private String tail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
