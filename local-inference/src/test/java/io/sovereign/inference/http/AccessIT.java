package io.sovereign.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.inference.LocalInferenceServer;
import io.sovereign.inference.TinyGptOss;
import io.sovereign.inference.TinyModel;
import io.sovereign.inference.config.ServerOptions;
import io.sovereign.inference.model.TextTokenizer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may use local-inference and for how long: loopback by default, an API key on /v1 and /metrics (401 in OpenAI's
 * shape without it, /health open), a default output cap, and read/idle deadlines against slow clients. Serves the
 * tiny gpt-oss model with the real tokenizer, whose completion must be the Python reference's.
 */
class AccessIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "li-test-key-7f3a";
    static LocalInferenceServer server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Path dir = TinyGptOss.modelDir("tiny-gpt-oss", null);
        // the key comes from the environment here, as compose and k8s pass it; no --host: loopback
        server = new LocalInferenceServer(ServerOptions.parse(
                Map.of(ServerOptions.API_KEY_ENV, KEY),
                "--model-dir",
                dir.toString(),
                "--port",
                "0",
                "--served-model-name",
                "gpt-oss-20b",
                "--threads",
                "1",
                "--default-max-tokens",
                "12",
                "--read-timeout-seconds",
                "1",
                "--idle-timeout-seconds",
                "2"));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackByDefault() {
        assertThat(ServerOptions.parse("--model-dir", "m").host()).isEqualTo("127.0.0.1");
        assertThat(server.boundAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void everyV1AndMetricsCallNeedsTheKey() throws Exception {
        for (String[] call : new String[][] {
            {"GET", "/v1/models"},
            {"GET", "/metrics"},
            {"POST", "/v1/chat/completions"},
            {"POST", "/v1/completions"},
            {"POST", "/v1/embeddings"},
            {"GET", "/v1/nowhere"}
        }) {
            for (String auth : new String[] {null, "Bearer wrong", KEY, "Basic " + KEY}) {
                HttpResponse<String> r = send(call[0], call[1], call[0].equals("POST") ? "{}" : null, auth);
                assertThat(r.statusCode()).as(call[1] + " with " + auth).isEqualTo(401);
                JsonNode error = JSON.readTree(r.body()).path("error");
                assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
                assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
                assertThat(r.body()).doesNotContain(KEY);
                assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            }
        }
        assertThat(send("GET", "/v1/models", null, "Bearer " + KEY).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/metrics", null, "Bearer " + KEY).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void servesTinyGptOssWithTheDefaultOutputCap() throws Exception {
        JsonNode c = TinyGptOss.cases("tiny-gpt-oss").get(3);
        String body = "{\"model\":\"gpt-oss-20b\",\"prompt\":" + c.path("prompt_ids") + "}";
        HttpResponse<String> r = send("POST", "/v1/completions", body, "Bearer " + KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode out = JSON.readTree(r.body());
        assertThat(out.path("usage").path("completion_tokens").asInt()).isEqualTo(12);
        assertThat(out.path("choices").get(0).path("finish_reason").asString()).isEqualTo("length");
        try (TextTokenizer tokenizer =
                TextTokenizer.load(TinyGptOss.tokenizerDir().resolve("tokenizer.json"), false)) {
            assertThat(out.path("choices").get(0).path("text").asString())
                    .isEqualTo(tokenizer.decode(TinyModel.ids(c.path("output_ids")), true));
        }
    }

    @Test
    void aRequestSentTooSlowlyGets408AndTheConnectionCloses() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                            + "\r\nContent-Length: 100\r\n\r\n{\"model\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
            assertThat(seconds).isLessThan(5);
        }
    }

    @Test
    void halfSentHeadersAndIdleConnectionsAreClosed() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.setSoTimeout(10_000);
            // one request answered, then nothing: the idle deadline closes the kept-alive connection
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
            assertThat(seconds).isBetween(1.5, 6.0);
        }
    }
}
