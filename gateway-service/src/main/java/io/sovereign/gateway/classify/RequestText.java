package io.sovereign.gateway.classify;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * ALL content of an OpenAI request body that would leave the building: every string anywhere in the body (every
 * message of every role, content strings and parts, names, tool-call arguments, tool definitions, response
 * schemas, metadata, user ...), every object KEY that is not a wire-format name ({@link WireNames}: a card number
 * as a metadata key, a property name in a JSON schema), long integers, and embeddings inputs given as token arrays
 * (decoded with cl100k_base). Walking the whole body instead of a list of known fields means a field added by a
 * new API version is scanned too. Inline content ({@code data:} URIs wherever they are, base64 audio and
 * Anthropic base64 sources) becomes an {@link Attachment} that the classifier decodes; content parts also say
 * which input kinds ({@link Modality}) the request hands the model.
 *
 * <p>Paths look like {@code messages[2].content[0].text}, {@code messages[1].tool_calls[0].function.arguments},
 * {@code tools[0].function.parameters.properties.city.description}, {@code input[3]}; a token-array input has
 * the suffix {@code #tokens}, a key the suffix {@code #key} after the path of its value.
 */
public final class RequestText {
    static final String TOKENS_SUFFIX = "#tokens";
    static final String KEY_SUFFIX = "#key";
    private static final long LONG_NUMBER = 1_000_000L;

    private RequestText() {}

    public static List<TextSegment> ofChatCompletion(JsonNode body) {
        return of(body);
    }

    public static List<TextSegment> ofEmbeddings(JsonNode body) {
        return of(body);
    }

    /** The texts (values and keys) of any OpenAI request body; attachments are left to {@link #content}. */
    public static List<TextSegment> of(JsonNode body) {
        return content(body).segments();
    }

    /** Texts, attachments and input kinds of any request body, in one walk. */
    public static RequestContent content(JsonNode body) {
        Collector c = new Collector();
        c.node(body, "", null, null);
        return new RequestContent(c.segments, c.attachments, c.modalities);
    }

    private static final class Collector {
        final List<TextSegment> segments = new ArrayList<>();
        final List<Attachment> attachments = new ArrayList<>();
        final Set<Modality> modalities = EnumSet.of(Modality.TEXT);

        /** {@code key}: the property name this node is the value of; {@code arrayKey}: for array items, the array's. */
        void node(JsonNode node, String path, String key, String arrayKey) {
            if (node == null) {
                return;
            }
            if (node.isObject()) {
                object(node, path, arrayKey);
            } else if (tokenArray(node)) {
                segments.add(new TextSegment(path + TOKENS_SUFFIX, decoded(node)));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    node(node.get(i), path + "[" + i + "]", null, key);
                }
            } else if (node.isString()) {
                string(path, node.stringValue());
            } else if (node.isIntegralNumber() && Math.abs(node.asLong()) >= LONG_NUMBER) {
                segments.add(new TextSegment(path, node.asString()));
            }
        }

        private void object(JsonNode node, String path, String arrayKey) {
            JsonNode type = node.get("type");
            if (("content".equals(arrayKey) || "input".equals(arrayKey)) && type != null && type.isString()) {
                Modality m = Modality.ofPartType(type.stringValue());
                if (m != null) {
                    modalities.add(m);
                }
            }
            boolean anthropicBase64 = "base64".equals(node.path("type").asString(null))
                    && node.path("data").isString();
            for (String name : new ArrayList<>(node.propertyNames())) {
                JsonNode child = node.get(name);
                String p = path.isEmpty() ? name : path + "." + name;
                if (!WireNames.KNOWN.contains(name)) {
                    segments.add(new TextSegment(p + KEY_SUFFIX, name));
                }
                if (child.isString() && "data".equals(name) && (anthropicBase64 || path.endsWith("input_audio"))) {
                    String declared = anthropicBase64
                            ? node.path("media_type").asString("")
                            : "audio/" + node.path("format").asString("");
                    Attachment a = Attachment.dataUri(p, child.stringValue());
                    attachments.add(a != null ? a : Attachment.base64(p, declared, child.stringValue()));
                } else {
                    node(child, p, name, arrayKey);
                }
            }
        }

        private void string(String path, String v) {
            Attachment a = Attachment.dataUri(path, v);
            if (a != null) {
                attachments.add(a);
            } else {
                segments.add(new TextSegment(path, v));
            }
        }
    }

    /**
     * Writes redacted texts back into the body, by segment path: values are replaced, keys renamed. Every path
     * must exist (it came from {@link #of}); an unknown path is an IllegalArgumentException.
     */
    public static void replace(ObjectNode body, List<TextSegment> redacted) {
        Map<String, String> byPath = new HashMap<>();
        Map<String, String> keys = new HashMap<>();
        for (TextSegment s : redacted) {
            if (s.path().endsWith(KEY_SUFFIX)) {
                keys.put(s.path().substring(0, s.path().length() - KEY_SUFFIX.length()), s.text());
            } else {
                byPath.put(s.path(), s.text());
            }
        }
        int[] done = {0};
        walk(body, "", (path, node, parent, key, index) -> {
            String p = tokenArray(node) ? path + TOKENS_SUFFIX : path;
            String text = byPath.get(p);
            if (text == null) {
                return;
            }
            JsonNode value = tokenArray(node) ? tokenNode(text) : JsonNodeFactory.instance.stringNode(text);
            if (parent instanceof ObjectNode o) {
                o.set(key, value);
            } else if (parent instanceof ArrayNode a) {
                a.set(index, value);
            }
            done[0]++;
        });
        done[0] += renameKeys(body, "", keys);
        if (done[0] != byPath.size() + keys.size()) {
            throw new IllegalArgumentException(
                    "replace: " + (byPath.size() + keys.size() - done[0]) + " segment path(s) not found in the body");
        }
    }

    /** Post-order, so that a renamed parent does not change the paths its children were found under. */
    private static int renameKeys(JsonNode node, String path, Map<String, String> keys) {
        int found = 0;
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>(o.propertyNames());
            for (String name : names) {
                found += renameKeys(o.get(name), path.isEmpty() ? name : path + "." + name, keys);
            }
            boolean any = false;
            for (String name : names) {
                any |= keys.containsKey(path.isEmpty() ? name : path + "." + name);
            }
            if (any) {
                Map<String, JsonNode> entries = new java.util.LinkedHashMap<>();
                for (String name : names) {
                    String renamed = keys.get(path.isEmpty() ? name : path + "." + name);
                    if (renamed != null) {
                        found++;
                    }
                    entries.put(renamed != null ? renamed : name, o.get(name));
                }
                o.removeAll();
                entries.forEach(o::set);
            }
        } else if (node instanceof ArrayNode a && !tokenArray(a)) {
            for (int i = 0; i < a.size(); i++) {
                found += renameKeys(a.get(i), path + "[" + i + "]", keys);
            }
        }
        return found;
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

    /** A non-empty array of non-negative ints: an embeddings input given as tokens. */
    private static boolean tokenArray(JsonNode n) {
        if (!n.isArray() || n.size() == 0) {
            return false;
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isIntegralNumber()
                    || n.get(i).asLong() < 0
                    || n.get(i).asLong() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The array decoded as cl100k tokens; an array of ids that are not all tokens is inspected as its digits. */
    private static String decoded(JsonNode n) {
        try {
            return Cl100k.ENCODING.decode(tokens(n));
        } catch (
                RuntimeException
                        notTokens) { // jtokkit throws on an unknown id (e.g. an enum [1, 99999999] in a tool schema)
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

    private static JsonNode tokenNode(String text) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
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
