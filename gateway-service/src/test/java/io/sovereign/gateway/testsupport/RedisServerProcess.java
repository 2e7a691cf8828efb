package io.sovereign.gateway.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real {@code redis-server} process on a free port with its own temp dir, for tests. Durable mode
 * runs with {@code appendonly yes} + {@code appendfsync always}, so a SIGKILL loses no acknowledged
 * write. If the binary is missing the test FAILS (install the Debian package {@code redis-server}, or
 * point {@code REDIS_SERVER} at the binary); it never skips.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final int port;
    private final String fsync;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(String fsync, List<String> extraArgs) throws IOException {
        this.binary = findBinary();
        this.dir = Files.createTempDirectory("redis-test-");
        this.port = freePort();
        this.fsync = fsync;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A started server without persistence (fast). */
    public static RedisServerProcess start() {
        return startWith(null, List.of());
    }

    /** A started server with AOF and fsync on every write (survives SIGKILL with no acknowledged loss). */
    public static RedisServerProcess startDurable() {
        return startWith("always", List.of());
    }

    /** AOF with the given {@code appendfsync} policy: {@code always} or {@code everysec}. */
    public static RedisServerProcess startWithAof(String appendfsync) {
        return startWith(appendfsync, List.of());
    }

    /** A single-node Redis Cluster owning all 16384 slots: scripts touching keys of two slots fail CROSSSLOT. */
    public static RedisServerProcess startClusterNode() {
        RedisServerProcess r =
                startWith(null, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
        r.command("CLUSTER ADDSLOTSRANGE 0 16383");
        try {
            Awaitility.await("single-node cluster reaches cluster_state:ok")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> r.command("CLUSTER INFO").contains("cluster_state:ok"));
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private static RedisServerProcess startWith(String fsync, List<String> extraArgs) {
        try {
            RedisServerProcess r = new RedisServerProcess(fsync, extraArgs);
            r.launch();
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown save, no goodbye to clients (what a crash or OOM kill does). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP: the server hangs with its sockets open (what a stalled host or a long fork looks like). */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String sig) {
        try {
            Process kill = new ProcessBuilder("kill", sig, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + sig + " failed for redis-server " + process.pid());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts again on the same port and data dir (the AOF is replayed in durable mode). */
    public void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart redis-server: " + e.getMessage(), e);
        }
    }

    /** Sends one command with the inline protocol and returns the raw reply (for test assertions). */
    public String command(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("redis command failed: " + inline, e);
        }
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // temp dir; the OS cleans it eventually
        }
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString()));
        if (fsync != null) {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", fsync));
        } else {
            cmd.addAll(List.of("--appendonly", "no"));
        }
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Process started = process;
        try {
            // a server that exits fails at once with its log, not after the timeout
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast(() -> !started.isAlive())
                    .until(this::pings);
        } catch (TerminalFailureException e) {
            throw new IllegalStateException("redis-server exited with " + started.exitValue() + ": "
                    + readQuietly(dir.resolve("redis.log")) + readQuietly(dir.resolve("stdout.log")));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("redis-server did not answer PING on port " + port + " within 20 s: "
                    + readQuietly(dir.resolve("redis.log")));
        }
    }

    private boolean pings() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[64];
            int n = s.getInputStream().read(buf);
            // while loading the AOF redis answers -LOADING; only +PONG means ready
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static Path findBinary() {
        String env = System.getenv("REDIS_SERVER");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, "redis-server"));
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("redis-server binary not found (looked at $REDIS_SERVER, $PATH, /usr/bin, "
                + "/usr/local/bin). These tests need a REAL Redis: run `apt-get install -y redis-server` "
                + "(Debian) or set REDIS_SERVER=/path/to/redis-server.");
    }
}
