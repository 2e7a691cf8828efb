package io.sovereign.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What raw clients do to the API port, on real sockets: a body over the limit sent whole (as the Python and Node
 * SDKs send it, without Expect: 100-continue) gets a 413 it can read, not a reset; headers the codec refuses get
 * OpenAI error bodies; slow headers and slow bodies are cut off.
 */
@GatewayTest(
        stubs = GatewayTest.Stubs.SHARED,
        properties = {
            "gateway.limits.max-body-size=1MB",
            "gateway.server.header-timeout=1s",
            "gateway.server.read-timeout=1s"
        })
class SlowAndOversizedClientsIT {

    @Stub("upstream")
    static OpenAiStub upstream;

    static GatewayHarness gateway;

    static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", gateway.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads one HTTP/1.1 response (status line, headers, Content-Length body); the raw text. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static JsonNode errorOf(String response) {
        return OpenAiStub.JSON
                .readTree(response.substring(response.indexOf("\r\n\r\n") + 4))
                .get("error");
    }

    @Test
    void aBodyOverTheLimitSentWholeGetsA413ItCanRead() throws Exception {
        byte[] body = ("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + "a".repeat(Integer.getInteger("big", 6_000_000)) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                            + GatewayHarness.ALICE_KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body); // all of it (6 MB, more than the socket buffers hold), at once, as the SDKs do
            out.flush();
            String response = readResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
            JsonNode error = errorOf(response);
            assertThat(error.get("code").asString()).isEqualTo("request_too_large");
            assertThat(error.get("message").asString()).contains("1048576 bytes");
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void theOpenAiJavaSdkSendingABodyOverTheLimitIsToldItIsTooLarge() {
        com.openai.client.OpenAIClient client = com.openai.client.okhttp.OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl() + "/v1")
                .apiKey(GatewayHarness.ALICE_KEY)
                .maxRetries(0)
                .build();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> client.chat()
                .completions()
                .create(com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                        .model("auto")
                        .addUserMessage("a".repeat(Integer.getInteger("big", 6_000_000)))
                        .build()));
        assertThat(thrown)
                .as("an HTTP error the SDK understood, not an I/O failure")
                .isInstanceOf(com.openai.errors.OpenAIServiceException.class);
        com.openai.errors.OpenAIServiceException e = (com.openai.errors.OpenAIServiceException) thrown;
        assertThat(e.statusCode()).isEqualTo(413);
        assertThat(e.getMessage()).contains("exceeds the gateway's limit");
    }

    @Test
    void aChunkedBodyOverTheLimitGetsA413ItCanReadToo() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                            + GatewayHarness.ALICE_KEY
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 200; i++) { // 6.4 MB: more than the socket buffers hold
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(errorOf(response).get("code").asString()).isEqualTo("request_too_large");
        }
    }

    @Test
    void aBodyFarBeyondTheLimitIsNotReadToItsEnd() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                                    + GatewayHarness.ALICE_KEY
                                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(s.getInputStream()); // answered at once: a gigabyte is not waited for
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response.toLowerCase()).contains("connection: close");
            assertThat(s.getInputStream().read())
                    .as("and the connection is closed")
                    .isEqualTo(-1);
        }
    }

    @Test
    void oversizedHeadersGetA431WithTheOpenAiErrorBody() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write(("GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 431");
            assertThat(response.toLowerCase()).contains("content-type: application/json");
            assertThat(errorOf(response).get("type").asString()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void aMalformedRequestGetsA400WithTheOpenAiErrorBody() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Length: twelve\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(errorOf(response).get("code").asString()).isEqualTo("malformed_request");
        }
    }

    @Test
    void headersTrickledSlowlyAreCutOff() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            String response = null;
            // one header byte every 200 ms keeps any idle timer from firing; only a deadline on the headers stops it
            for (int i = 0; i < 50 && response == null; i++) {
                try {
                    out.write('X');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                s.setSoTimeout(200);
                try {
                    int first = s.getInputStream().read();
                    if (first == -1) {
                        break;
                    }
                    s.setSoTimeout(5000);
                    response = (char) first + readResponse(s.getInputStream());
                } catch (SocketTimeoutException stillOpen) {
                    // not cut off yet
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(seconds)
                    .as("cut off within a few seconds, not after 10 s of trickling")
                    .isLessThan(5);
            assertThat(response).as("a slow client is told why").startsWith("HTTP/1.1 408");
            assertThat(errorOf(response).get("code").asString()).isEqualTo("request_timeout");
        }
    }

    @Test
    void aBodyThatStallsIsCutOff() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                            + GatewayHarness.ALICE_KEY
                            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            s.setSoTimeout(8000);
            InputStream in = s.getInputStream();
            int first = in.read(); // the gateway answers or closes; it does not wait forever for the other 91 bytes
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(seconds).isLessThan(5);
            if (first != -1) {
                String response = (char) first + readResponse(in);
                assertThat(response).startsWith("HTTP/1.1 408");
                assertThat(errorOf(response).get("code").asString()).isEqualTo("request_timeout");
            }
        }
    }

    @Test
    void anUnknownPathUnderV1IsAuditedAsNotFound() throws Exception {
        var r = gateway.post("/v1/nope-not-here", GatewayHarness.ALICE_KEY, "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        String id = r.headers().firstValue("x-request-id").orElseThrow();
        Path audit = gateway.dir().resolve("audit.jsonl");
        JsonNode line = org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(
                        () -> Files.exists(audit)
                                ? Files.readAllLines(audit).stream()
                                        .filter(l -> l.contains(id))
                                        .map(OpenAiStub.JSON::readTree)
                                        .findFirst()
                                        .orElse(null)
                                : null,
                        java.util.Objects::nonNull);
        assertThat(line.get("error").asString()).isEqualTo("not_found");
        assertThat(line.get("status").asInt()).isEqualTo(404);
    }
}
