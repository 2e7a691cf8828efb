package io.sovereign.gateway.responses;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The reversible map between a Responses tool (a function or a custom/freeform tool, alone or inside a
 * {@code namespace}) and the flat function name a chat-completions target sees. Chat names must match
 * {@code ^[a-zA-Z0-9_-]{1,64}$} and be unique, so a namespaced function becomes {@code namespace__name},
 * sanitised, shortened with a checksum when too long, and suffixed on a collision; the map, not the
 * spelling, is what turns a chat tool call back into the item the client expects.
 */
public final class ToolNames {

    static final int MAX_CHAT_NAME = 64;
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9_-]");

    /** What the client declared: a function (JSON arguments) or a custom tool (one free-text input). */
    public enum Kind {
        FUNCTION,
        CUSTOM
    }

    /** One tool as the client named it; {@code namespace} is null for a top-level tool. */
    public record Tool(Kind kind, String namespace, String name) {}

    private final Map<String, Tool> byChatName = new LinkedHashMap<>();
    private final Map<String, String> chatNameByTool = new HashMap<>();

    /** Registers a declared tool and returns its unique chat function name. */
    String register(Kind kind, String namespace, String name) {
        String key = key(namespace, name);
        String known = chatNameByTool.get(key);
        if (known != null) {
            return known;
        }
        String base = flat(namespace, name);
        String chat = base;
        for (int n = 2; byChatName.containsKey(chat); n++) {
            String suffix = "_" + n;
            chat = (base.length() + suffix.length() > MAX_CHAT_NAME
                            ? base.substring(0, MAX_CHAT_NAME - suffix.length())
                            : base)
                    + suffix;
        }
        byChatName.put(chat, new Tool(kind, namespace, name));
        chatNameByTool.put(key, chat);
        return chat;
    }

    /** The chat name of a tool the client refers to (e.g. in a history item), declared or not. */
    public String chatName(String namespace, String name) {
        String known = chatNameByTool.get(key(namespace, name));
        return known != null ? known : flat(namespace, name);
    }

    /** Which client tool a chat tool call names; an undeclared name is read as a plain function. */
    public Tool tool(String chatName) {
        Tool t = byChatName.get(chatName);
        return t != null ? t : new Tool(Kind.FUNCTION, null, chatName);
    }

    public boolean isDeclared(String chatName) {
        return byChatName.containsKey(chatName);
    }

    public Map<String, Tool> asMap() {
        return Map.copyOf(byChatName);
    }

    static String flat(String namespace, String name) {
        String joined = namespace == null || namespace.isEmpty() ? name : namespace + "__" + name;
        String clean = NOT_ALLOWED.matcher(joined).replaceAll("_");
        if (clean.isEmpty()) {
            clean = "tool";
        }
        if (clean.length() <= MAX_CHAT_NAME) {
            return clean;
        }
        CRC32 crc = new CRC32();
        crc.update(joined.getBytes(StandardCharsets.UTF_8));
        String sum = String.format("%08x", crc.getValue());
        return clean.substring(0, MAX_CHAT_NAME - sum.length() - 1) + "_" + sum;
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + '\u0000' + name;
    }
}
