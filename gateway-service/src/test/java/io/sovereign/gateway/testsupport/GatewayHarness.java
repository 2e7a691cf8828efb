package io.sovereign.gateway.testsupport;

import io.sovereign.gateway.GatewayApplication;
import io.sovereign.gateway.auth.ApiKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a real gateway (the Spring Boot application, on a free port) against the repo's default policy
 * with the targets' URLs pointed at stub upstreams. Several harnesses may run at once (replicas).
 */
public final class GatewayHarness implements AutoCloseable {

    public static final String ALICE_KEY = "sk-test-alice-engineering";
    public static final String BOB_KEY = "sk-test-bob-legal";
    public static final String ADMIN_KEY = "sk-test-admin";
    public static final String FINANCE_KEY = "sk-test-finance";
    public static final String NO_ROLE_KEY = "sk-test-no-role";
    public static final String HOSTED_KEY = "sk-upstream-hosted-secret";

    // HTTP/1.1 as the SDKs speak it: the gateway serves no h2c, and the JDK client's h2c upgrade attempts on a shared
    // client were seen to hang a request now and then (seen in CI with the gateway's event loops idle)
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ConfigurableApplicationContext context;
    private final Path dir;
    private final Path policyFile;
    private final UnaryOperator<String> targets;

    private GatewayHarness(
            ConfigurableApplicationContext context, Path dir, Path policyFile, UnaryOperator<String> targets) {
        this.context = context;
        this.dir = dir;
        this.policyFile = policyFile;
        this.targets = targets;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for one gateway instance. */
    public static final class Builder {
        private String onpremUrl = "http://127.0.0.1:9/v1";
        private String hostedUrl = "http://127.0.0.1:9/v1";
        private String hostedKey = HOSTED_KEY;
        private String onpremKey = "";
        private String policyText;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final StringBuilder extraKeys = new StringBuilder();
        private boolean apiKeysFile = true;
        private boolean chatOnly;
        private Path dir;

        public Builder onprem(OpenAiStub stub) {
            onpremUrl = stub.baseUrl();
            return this;
        }

        public Builder onpremUrl(String url) {
            onpremUrl = url;
            return this;
        }

        public Builder hosted(OpenAiStub stub) {
            hostedUrl = stub.baseUrl();
            return this;
        }

        public Builder hostedUrl(String url) {
            hostedUrl = url;
            return this;
        }
        /** Empty makes the hosted target unavailable, as with an unset OPENAI_API_KEY. */
        public Builder hostedKey(String key) {
            hostedKey = key;
            return this;
        }
        /** The on-prem target's key (policy ${ONPREM_API_KEY:}); empty by default, as with ONPREM_API_KEY unset. */
        public Builder onpremKey(String key) {
            onpremKey = key;
            return this;
        }
        /** A policy of the test's own instead of the repo's default one (URLs substituted the same way). */
        public Builder policy(String yaml) {
            policyText = yaml;
            return this;
        }
        /** A fixture policy from {@code src/test/resources/policies/} (see {@link #fixture}). */
        public Builder policyFixture(String name) {
            return policy(fixture(name, Map.of()));
        }
        /** A fixture policy whose {@code ${NAME}} placeholders take the test's values. */
        public Builder policyFixture(String name, Map<String, ?> values) {
            return policy(fixture(name, values));
        }

        public Builder property(String name, Object value) {
            properties.put(name, value);
            return this;
        }
        /** Starts without gateway.auth.api-keys-file (the test's keys are not written). */
        /**
         * Every target of the policy speaks only chat completions (its {@code apis:} lines removed), so a Responses
         * request is bridged wherever it goes: for the tests of the bridge itself.
         */
        public Builder chatOnlyTargets() {
            this.chatOnly = true;
            return this;
        }

        public Builder withoutApiKeysFile() {
            apiKeysFile = false;
            return this;
        }
        /** The gateway's files (policy, keys, audit, journal) go here instead of a new temp dir. */
        public Builder dir(Path d) {
            dir = d;
            return this;
        }
        /** One more API key (role gateway-user) for a user of a team. */
        public Builder key(String key, String user, String team) {
            extraKeys.append(entry(user, key, user, team, "gateway-user"));
            return this;
        }

        public GatewayHarness start() {
            try {
                Path dir = this.dir != null ? this.dir : Files.createTempDirectory("gateway-test");
                String policy = policyText != null
                        ? policyText
                        : Files.readString(repoRoot().resolve("policies/default.yaml"), StandardCharsets.UTF_8);
                UnaryOperator<String> targets = targets(onpremUrl, hostedUrl, hostedKey, onpremKey);
                policy = targets.apply(policy);
                if (chatOnly) {
                    policy = policy.replaceAll("(?m)^[ \\t]+apis:.*\\R", "");
                }
                Path policyFile = dir.resolve("policy.yaml");
                Files.writeString(policyFile, policy);
                Path keys = dir.resolve("api-keys.yaml");
                Files.writeString(keys, keysFile() + extraKeys);
                List<String> args = new ArrayList<>();
                args.add("--server.port=0");
                args.add("--management.server.port=0"); // its own free port, as in production
                args.add("--gateway.policies.file=" + policyFile);
                if (apiKeysFile) {
                    args.add("--gateway.auth.api-keys-file=" + keys);
                }
                args.add("--gateway.audit.file=" + dir.resolve("audit.jsonl"));
                args.add("--gateway.store.settlement-journal=" + dir.resolve("settlements.journal")); // one per replica
                args.add("--logging.level.gateway.request=WARN");
                properties.forEach((k, v) -> args.add("--" + k + "=" + v));
                ConfigurableApplicationContext ctx = new SpringApplicationBuilder(
                                GatewayApplication.class, IsolatedNetty.class)
                        .run(args.toArray(String[]::new));
                return new GatewayHarness(ctx, dir, policyFile, targets);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The targets' environment placeholders of a policy, filled in with the stubs' URLs and the test keys. */
    static UnaryOperator<String> targets(String onpremUrl, String hostedUrl, String hostedKey, String onpremKey) {
        return policy -> policy.replace("${ONPREM_BASE_URL:http://localhost:8000/v1}", onpremUrl)
                .replace("${HOSTED_BASE_URL:https://api.openai.com/v1}", hostedUrl)
                .replace("${OPENAI_API_KEY:}", hostedKey)
                .replace("${ONPREM_API_KEY:}", onpremKey)
                .replace("${ONPREM_MODEL:gpt-oss-20b}", "gpt-oss-20b");
    }

    /**
     * The text of {@code src/test/resources/policies/NAME} with its {@code ${NAME}} placeholders (no default) set
     * from {@code values}. A value the fixture does not use, or a placeholder left unset, is a mistake in the test.
     */
    public static String fixture(String name, Map<String, ?> values) {
        String text = fixtureSource(name);
        for (Map.Entry<String, ?> v : values.entrySet()) {
            String placeholder = "${" + v.getKey() + "}";
            if (!text.contains(placeholder)) {
                throw new IllegalArgumentException(name + " has no placeholder " + placeholder);
            }
            text = text.replace(placeholder, String.valueOf(v.getValue()));
        }
        Matcher unset = Pattern.compile("\\$\\{[A-Z_]+}").matcher(text);
        if (unset.find()) {
            throw new IllegalArgumentException(name + ": placeholder " + unset.group() + " has no value");
        }
        return text;
    }

    /** The fixture's text as committed, placeholders and all. */
    static String fixtureSource(String name) {
        try (InputStream in = GatewayHarness.class.getResourceAsStream("/policies/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture policy " + name + " under src/test/resources/policies/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fixture policy rendered for this gateway's targets (the stubs' URLs and keys it started with), for a test
     * that writes it over {@link #policyFile()} to exercise hot reload.
     */
    public String renderFixture(String name) {
        return targets.apply(fixture(name, Map.of()));
    }

    /** Own Netty resources per instance, so that stopping one gateway in a test does not stop the others. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class IsolatedNetty {
        @org.springframework.context.annotation.Bean
        org.springframework.http.client.ReactorResourceFactory reactorResourceFactory() {
            org.springframework.http.client.ReactorResourceFactory f =
                    new org.springframework.http.client.ReactorResourceFactory();
            f.setUseGlobalResources(false);
            return f;
        }
    }

    static String keysFile() {
        return "keys:\n"
                + entry("alice", ALICE_KEY, "alice", "engineering", "gateway-user")
                + entry("bob", BOB_KEY, "bob", "legal", "gateway-user")
                + entry("admin", ADMIN_KEY, "carol", "engineering", "gateway-user, gateway-admin")
                + entry("finance", FINANCE_KEY, "dave", "legal", "gateway-user, gateway-finance")
                + entry("norole", NO_ROLE_KEY, "eve", "engineering", "something-else");
    }

    private static String entry(String id, String key, String user, String team, String roles) {
        return "  - { id: " + id + ", sha256: " + ApiKeyStore.sha256(key) + ", user: " + user + ", team: " + team
                + ", roles: [" + roles + "] }\n";
    }

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("policies"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (a folder with policies/)");
        }
        return p;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The management port (Prometheus, health details): apart from the API port. */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort();
    }

    /** Where Prometheus scrapes this gateway. */
    public String metricsUrl() {
        return managementUrl() + "/actuator/prometheus";
    }

    /** The Prometheus exposition text, scraped as Prometheus does (no credentials, management port). */
    public String metrics() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(metricsUrl()))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + metricsUrl() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    public Path policyFile() {
        return policyFile;
    }

    public Path dir() {
        return dir;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public HttpResponse<String> post(String path, String key, String json) {
        return send(request(path, key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    public HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpClient http() {
        return HTTP;
    }

    @Override
    public void close() {
        context.close();
    }
}
