package io.sovereign.gateway.classify;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ALL text of an OpenAI request body that would leave the building: every string anywhere in the body (every
 * message of every role, content strings and parts, names, tool-call arguments, tool definitions, response
 * schemas, metadata, user ...), long integers, and embeddings inputs given as token arrays (decoded with
 * cl100k_base). Walking the whole body instead of a list of known fields means a field added by a new API
 * version is scanned too. Inline binary data URIs (images, audio) cannot be classified as text and are skipped.
 *
 * <p>Paths look like {@code messages[2].content[0].text}, {@code messages[1].tool_calls[0].function.arguments},
 * {@code tools[0].function.parameters.properties.city.description}, {@code input[3]}; a token-array input has
 * the suffix {@code #tokens}.
 */
public final class RequestText {
    static final String TOKENS_SUFFIX = "#tokens";
    private static final long LONG_NUMBER = 1_000_000L;

    private RequestText() {
    }

    public static List<TextSegment> ofChatCompletion(JsonNode body) {
        return of(body);
    }

    public static List<TextSegment> ofEmbeddings(JsonNode body) {
        return of(body);
    }

    /** Any OpenAI request body (chat, embeddings, legacy completions). */
    public static List<TextSegment> of(JsonNode body) {
        List<TextSegment> out = new ArrayList<>();
        walk(body, "", (path, node, parent, key, index) -> {
            if (node.isString()) {
                String v = node.stringValue();
                if (!dataUri(v)) {
                    out.add(new TextSegment(path, v));
                }
            } else if (node.isIntegralNumber() && Math.abs(node.asLong()) >= LONG_NUMBER) {
                out.add(new TextSegment(path, node.asString()));
            } else if (tokenArray(node)) {
                out.add(new TextSegment(path + TOKENS_SUFFIX, decoded(node)));
            }
        });
        return out;
    }

    /**
     * Writes redacted texts back into the body, by segment path. Every path must exist (it came from
     * {@link #of}); an unknown path is an IllegalArgumentException.
     */
    public static void replace(ObjectNode body, List<TextSegment> redacted) {
        Map<String, String> byPath = new HashMap<>();
        for (TextSegment s : redacted) {
            byPath.put(s.path(), s.text());
        }
        int[] done = {0};
        walk(body, "", (path, node, parent, key, index) -> {
            String p = tokenArray(node) ? path + TOKENS_SUFFIX : path;
            String text = byPath.get(p);
            if (text == null) {
                return;
            }
            JsonNode value = tokenArray(node) ? tokenNode(parent, text) : tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(text);
            if (parent instanceof ObjectNode o) {
                o.set(key, value);
            } else if (parent instanceof ArrayNode a) {
                a.set(index, value);
            }
            done[0]++;
        });
        if (done[0] != byPath.size()) {
            throw new IllegalArgumentException("replace: " + (byPath.size() - done[0])
                    + " segment path(s) not found in the body");
        }
    }

    @FunctionalInterface
    private interface Visitor {
        void leaf(String path, JsonNode node, JsonNode parent, String key, int index);
    }

    private static void walk(JsonNode node, String path, Visitor v) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            for (String name : names) {
                JsonNode child = node.get(name);
                String p = path.isEmpty() ? name : path + "." + name;
                visit(child, p, node, name, -1, v);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), path + "[" + i + "]", node, null, i, v);
            }
        }
    }

    private static void visit(JsonNode child, String p, JsonNode parent, String key, int index, Visitor v) {
        if (child.isContainer() && !tokenArray(child)) {
            walk(child, p, v);
        } else {
            v.leaf(p, child, parent, key, index);
        }
    }

    private static boolean dataUri(String v) {
        return v.length() > 256 && v.regionMatches(true, 0, "data:", 0, 5) && v.indexOf(";base64,", 5) > 0
                && !v.regionMatches(true, 5, "text/", 0, 5);
    }

    /** A non-empty array of non-negative ints: an embeddings input given as tokens. */
    private static boolean tokenArray(JsonNode n) {
        if (!n.isArray() || n.size() == 0) {
            return false;
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isIntegralNumber() || n.get(i).asLong() < 0 || n.get(i).asLong() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The array decoded as cl100k tokens; an array of ids that are not all tokens is inspected as its digits. */
    private static String decoded(JsonNode n) {
        try {
            return Cl100k.ENCODING.decode(tokens(n));
        } catch (RuntimeException notTokens) {   // jtokkit throws on an unknown id (e.g. an enum [1, 99999999] in a tool schema)
            return n.toString();
        }
    }

    private static IntArrayList tokens(JsonNode n) {
        IntArrayList l = new IntArrayList(n.size());
        for (int i = 0; i < n.size(); i++) {
            l.add(n.get(i).asInt());
        }
        return l;
    }

    private static JsonNode tokenNode(JsonNode parent, String text) {
        ArrayNode a = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        IntArrayList t = Cl100k.ENCODING.encode(text);
        for (int i = 0; i < t.size(); i++) {
            a.add(t.get(i));
        }
        return a;
    }

    /** Loaded on first token-array input only. */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
