package io.sovereign.gateway.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Streams as upstreams send them (OpenAI's chunk shape, with the usage chunk the gateway asks for), and feeding helpers. */
final class Recorded {

    private Recorded() {}

    static String chunk(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"o3-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}";
    }

    static final String ROLE =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"o3-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
    static final String FINISH =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"o3-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    static final String USAGE =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"o3-mini\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":9,\"total_tokens\":30,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":5}}}";

    /** A redacted answer: a placeholder, multi-byte text (2-, 3- and 4-byte UTF-8), a keep-alive comment, the usage chunk. */
    static String chatStream() {
        return "data: " + ROLE + "\n\n"
                + ": keep-alive\n\n"
                + "data: " + chunk("Grüße, ") + "\n\n"
                + "data:" + chunk("write to [EMA") + "\n\n" // no space after the colon, placeholder split
                + "data: " + chunk("IL_1] 日本 👋") + "\n\n"
                + "data: " + FINISH + "\n\n"
                + "data: " + USAGE + "\n\n"
                + "data: [DONE]\n\n";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs bytes through a processor cut at the given offsets, then ends it; returns everything it sent on. */
    static String run(ResponseStream p, byte[] bytes, int... cuts) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(p.accept(ByteBuffer.wrap(bytes, from, cut - from)));
            from = cut;
        }
        out.add(p.accept(ByteBuffer.wrap(bytes, from, bytes.length - from)));
        out.add(p.end(StreamEnd.COMPLETE));
        StringBuilder s = new StringBuilder();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        out.forEach(all::writeBytes);
        return all.toString(StandardCharsets.UTF_8);
    }

    /** The concatenated {@code delta.content} of every chat chunk in an SSE text. */
    static String text(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {") || line.startsWith("data:{")) {
                StreamEvent.JSON
                        .readTree(line.substring(line.indexOf('{')))
                        .path("choices")
                        .forEach(
                                c -> text.append(c.path("delta").path("content").asString("")));
            }
        }
        return text.toString();
    }
}
