package io.sovereign.gateway.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The real gateway jar ({@code gateway-service/target/gateway-service.jar}, built by the package phase before
 * the integration tests) as a child process on free ports, for what only a process can show: a SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Path dir;
    private final List<String> command;
    private final Path log;
    private final int port;
    private final int managementPort;
    private Process process;

    private GatewayProcess(Path dir, List<String> command, Path log, int port, int managementPort) {
        this.dir = dir;
        this.command = command;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * @param dir        a temp dir of the test's (policy.yaml and api-keys.yaml are written there by the caller)
     * @param properties further {@code name=value} settings
     */
    public static GatewayProcess start(Path dir, List<String> properties) throws IOException {
        Path jar = GatewayHarness.repoRoot().resolve("gateway-service/target/gateway-service.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the package phase builds it before the integration tests");
        }
        int port = freePort();
        int management = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--management.server.port=" + management,
                "--gateway.policies.file=" + dir.resolve("policy.yaml"),
                "--gateway.auth.api-keys-file=" + dir.resolve("api-keys.yaml"),
                "--gateway.audit.file=" + dir.resolve("audit.jsonl")));
        properties.forEach(p -> cmd.add("--" + p));
        GatewayProcess g = new GatewayProcess(dir, cmd, dir.resolve("gateway.log"), port, management);
        g.launch();
        return g;
    }

    /** Writes the repo's default policy (targets pointed at the stubs) and the test keys into {@code dir}. */
    public static void writeConfig(Path dir, OpenAiStub hosted, OpenAiStub onprem) throws IOException {
        String policy = Files.readString(
                        GatewayHarness.repoRoot().resolve("policies/default.yaml"), StandardCharsets.UTF_8)
                .replace("${ONPREM_BASE_URL:http://localhost:8000/v1}", onprem.baseUrl())
                .replace("${HOSTED_BASE_URL:https://api.openai.com/v1}", hosted.baseUrl())
                .replace("${OPENAI_API_KEY:}", GatewayHarness.HOSTED_KEY)
                .replace("${ONPREM_MODEL:gpt-oss-20b}", "gpt-oss-20b");
        Files.writeString(dir.resolve("policy.yaml"), policy);
        Files.writeString(dir.resolve("api-keys.yaml"), GatewayHarness.keysFile());
    }

    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
        process = pb.start();
        Process started = process;
        try {
            // a JVM that exits fails at once with its log, not after the timeout
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(() -> !started.isAlive())
                    .until(this::answers);
        } catch (TerminalFailureException e) {
            throw new IllegalStateException(
                    "gateway exited with " + started.exitValue() + ": " + Files.readString(log));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("gateway did not answer within 120 s: " + Files.readString(log));
        }
    }

    private boolean answers() {
        try {
            return GatewayHarness.http()
                            .send(
                                    HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models"))
                                            .header("Authorization", "Bearer " + GatewayHarness.ALICE_KEY)
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The dir its policy, keys and audit file are in. */
    public Path dir() {
        return dir;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the same command again (same ports, same files). */
    public void restart() throws IOException {
        kill();
        launch();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
