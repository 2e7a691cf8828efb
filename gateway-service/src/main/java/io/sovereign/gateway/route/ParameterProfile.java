package io.sovereign.gateway.route;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a target's API accepts, declared per target: a built-in profile plus the policy's overrides.
 * A request written for one model family is translated for another instead of failing with a 400
 * (o-series models reject {@code max_tokens} and sampling parameters; local servers want
 * {@code max_tokens}).
 */
public record ParameterProfile(String name, Map<String, String> rename, Set<String> drop) {

    /** OpenAI o-series reasoning models (o1, o3, o3-mini, o4-mini). */
    public static final ParameterProfile OPENAI_REASONING = new ParameterProfile(
            "openai-reasoning",
            Map.of("max_tokens", "max_completion_tokens"),
            Set.of(
                    "temperature",
                    "top_p",
                    "presence_penalty",
                    "frequency_penalty",
                    "logprobs",
                    "top_logprobs",
                    "logit_bias"));

    /** OpenAI chat models and anything that accepts the full chat-completions parameter set as sent. */
    public static final ParameterProfile OPENAI_CHAT = new ParameterProfile("openai-chat", Map.of(), Set.of());

    /** OpenAI-compatible self-hosted servers (local-inference, vLLM): classic {@code max_tokens}. */
    public static final ParameterProfile OPENAI_COMPATIBLE_LOCAL =
            new ParameterProfile("openai-compatible-local", Map.of("max_completion_tokens", "max_tokens"), Set.of());

    public static final List<ParameterProfile> BUILT_IN =
            List.of(OPENAI_REASONING, OPENAI_CHAT, OPENAI_COMPATIBLE_LOCAL);

    public ParameterProfile {
        rename = Map.copyOf(rename);
        drop = Set.copyOf(drop);
    }

    public static ParameterProfile builtIn(String name) {
        for (ParameterProfile profile : BUILT_IN) {
            if (profile.name.equals(name)) {
                return profile;
            }
        }
        return null;
    }

    /** This profile with the policy's overrides added (an override may also undo a built-in drop by renaming). */
    public ParameterProfile with(Map<String, String> extraRename, Set<String> extraDrop) {
        if (extraRename.isEmpty() && extraDrop.isEmpty()) {
            return this;
        }
        Map<String, String> r = new LinkedHashMap<>(rename);
        r.putAll(extraRename);
        Set<String> d = new LinkedHashSet<>(drop);
        d.addAll(extraDrop);
        d.removeAll(extraRename.keySet());
        return new ParameterProfile(name + "+overrides", r, d);
    }

    /**
     * The name under which this target takes an output cap: {@code max_completion_tokens} where the profile
     * renames {@code max_tokens} to it (o-series), else {@code max_tokens}.
     */
    public String outputCapParameter() {
        return rename.getOrDefault("max_tokens", "max_tokens");
    }

    /** Rewrites a chat-completions body in place for this target. */
    public void apply(ObjectNode body) {
        for (Map.Entry<String, String> e : rename.entrySet()) {
            JsonNode value = body.remove(e.getKey());
            if (value != null && !body.has(e.getValue())) {
                body.set(e.getValue(), value);
            }
        }
        for (String name : drop) {
            body.remove(name);
        }
    }
}
