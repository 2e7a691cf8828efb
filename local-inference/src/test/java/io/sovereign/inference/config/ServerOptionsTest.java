package io.sovereign.inference.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.inference.LocalInferenceMain;
import io.sovereign.inference.TinyModel;
import io.sovereign.inference.runtime.DecoderModel;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line: flags parsed strictly; bad flags, bad model dirs and a missing CUDA exit 2 with one line. */
class ServerOptionsTest {

    @Test
    void parsesEveryFlag() {
        ServerOptions o = ServerOptions.parse(
                "--model-dir",
                "m",
                "--port",
                "9000",
                "--host",
                "127.0.0.1",
                "--served-model-name",
                "gpt-oss-20b",
                "--embedding-model-dir",
                "e",
                "--embedding-model-name",
                "mini",
                "--device",
                "cuda",
                "--threads",
                "3",
                "--max-concurrent-sequences",
                "4",
                "--max-queue=9",
                "--max-context",
                "2048");
        assertThat(o.modelDir()).isEqualTo(Path.of("m"));
        assertThat(o.port()).isEqualTo(9000);
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.servedModelName()).contains("gpt-oss-20b");
        assertThat(o.embeddingModelDir()).contains(Path.of("e"));
        assertThat(o.embeddingModelName()).isEqualTo("mini");
        assertThat(o.device()).isEqualTo(DecoderModel.Device.CUDA);
        assertThat(o.threads()).isEqualTo(3);
        assertThat(o.maxConcurrentSequences()).isEqualTo(4);
        assertThat(o.maxQueue()).isEqualTo(9);
        assertThat(o.maxContext()).isEqualTo(2048);
        assertThat(ServerOptions.parse("--help")).isNull();
    }

    @Test
    void accessAndLimitFlags() {
        ServerOptions o = ServerOptions.parse(
                java.util.Map.of(),
                "--model-dir",
                "m",
                "--api-key",
                "s3cret",
                "--default-max-tokens",
                "256",
                "--read-timeout-seconds",
                "5",
                "--idle-timeout-seconds",
                "7");
        assertThat(o.host()).as("loopback unless --host widens it").isEqualTo("127.0.0.1");
        assertThat(o.apiKey()).contains("s3cret");
        assertThat(o.toString()).doesNotContain("s3cret").contains("apiKey=(set)");
        assertThat(o.defaultMaxTokens()).isEqualTo(256);
        assertThat(o.readTimeoutSeconds()).isEqualTo(5);
        assertThat(o.idleTimeoutSeconds()).isEqualTo(7);
        assertThat(ServerOptions.parse(java.util.Map.of(ServerOptions.API_KEY_ENV, "from-env"), "--model-dir", "m")
                        .apiKey())
                .contains("from-env");
        assertThat(ServerOptions.parse(
                                java.util.Map.of(ServerOptions.API_KEY_ENV, "from-env"),
                                "--model-dir",
                                "m",
                                "--api-key",
                                "flag")
                        .apiKey())
                .contains("flag");
        assertThat(ServerOptions.parse(java.util.Map.of(), "--model-dir", "m").apiKey())
                .isEmpty();
        assertThat(ServerOptions.parse(java.util.Map.of(), "--model-dir", "m").defaultMaxTokens())
                .isEqualTo(4096);
        assertThatThrownBy(
                        () -> ServerOptions.parse(java.util.Map.of(ServerOptions.API_KEY_ENV, " "), "--model-dir", "m"))
                .hasMessage("--api-key (or LOCAL_INFERENCE_API_KEY) must not be empty");
        assertThatThrownBy(() -> ServerOptions.parse("--model-dir", "m", "--default-max-tokens", "0"))
                .hasMessage("--default-max-tokens must be >= 1");
    }

    @Test
    void refusesBadCommandLines() {
        record Case(List<String> args, String message) {}
        for (Case c : List.of(
                new Case(List.of(), "--model-dir is required"),
                new Case(List.of("--model-dir", "m", "--bogus", "1"), "unknown option '--bogus'"),
                new Case(List.of("--model-dir", "m", "--port", "x"), "--port must be an integer, not 'x'"),
                new Case(List.of("--model-dir", "m", "--port", "70000"), "--port must be 0..65535"),
                new Case(List.of("--model-dir", "m", "--device", "tpu"), "--device must be cpu or cuda, not 'tpu'"),
                new Case(List.of("--model-dir", "m", "--max-queue", "0"), "--max-queue must be >= 1"),
                new Case(List.of("--model-dir"), "--model-dir needs a value"))) {
            assertThatThrownBy(() -> ServerOptions.parse(c.args.toArray(String[]::new)))
                    .isInstanceOf(ServerOptions.UsageException.class)
                    .hasMessage(c.message);
        }
    }

    record Exit(int code, String stderr, String stdout) {}

    static Exit runMain(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalInferenceMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("main did not exit: " + cmd);
        }
        return new Exit(
                p.exitValue(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void mainExitsWithCode2AndOneClearLine() throws Exception {
        record Case(String[] args, String line) {}
        for (Case c : List.of(
                new Case(
                        new String[] {"--model-dir", "does/not/exist"},
                        "local-inference: model dir does/not/exist does not exist or is not a directory"),
                new Case(new String[] {"--frobnicate"}, "local-inference: unknown option '--frobnicate' (see --help)"),
                new Case(
                        new String[] {"--model-dir", "src"},
                        "local-inference: model dir src has no model.onnx (nor onnx/model*.onnx)"),
                new Case(
                        new String[] {
                            "--model-dir",
                            TinyModel.DIR.toString(),
                            "--embedding-model-dir",
                            "no/such/dir",
                            "--port",
                            "0"
                        },
                        "local-inference: embedding model dir no/such/dir does not exist or is not a directory"),
                new Case(
                        new String[] {"--model-dir", TinyModel.DIR.toString(), "--device", "cuda", "--port", "0"},
                        "local-inference: --device cuda: the CUDA execution provider is not available"))) {
            Exit e = runMain(c.args);
            assertThat(e.code).as(String.join(" ", c.args)).isEqualTo(2);
            assertThat(lastLine(e.stderr)).startsWith(c.line);
            assertThat(e.stderr).doesNotContain("\tat ");
        }
        Exit help = runMain("--help");
        assertThat(help.code).isZero();
        assertThat(help.stdout).contains("--max-concurrent-sequences");
    }
}
