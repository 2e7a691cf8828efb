package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * Object keys that are names of the wire formats themselves (OpenAI chat, Responses and embeddings, Anthropic
 * Messages, JSON Schema keywords). They are fixed words that cannot carry a caller's data, so classifying them
 * as text would only cost time; every other key (a metadata key, a schema property name, a tool parameter) is
 * classified like a value.
 */
final class WireNames {

    static final Set<String> KNOWN = Set.of(
            // requests and messages
            "model", "messages", "role", "content", "type", "text", "name", "id", "user", "metadata", "store",
            "stream", "stream_options", "include_usage", "max_tokens", "max_completion_tokens", "max_output_tokens",
            "temperature", "top_p", "top_k", "n", "stop", "stop_sequences", "seed", "presence_penalty",
            "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "service_tier", "reasoning_effort",
            "reasoning", "effort", "summary", "modalities", "audio", "voice", "prediction", "parallel_tool_calls",
            "refusal", "instructions", "previous_response_id", "truncation", "include", "system", "thinking",
            "budget_tokens", "signature", "cache_control", "web_search_options", "search_context_size",
            "user_location", "approximate", "annotations", "input", "encoding_format", "dimensions", "prompt",
            "suffix", "echo", "best_of", "verbosity", "safety_identifier", "prompt_cache_key",
            // tools
            "tools", "tool_choice", "tool_calls", "tool_call_id", "tool_use_id", "function", "functions",
            "function_call", "arguments", "parameters", "strict", "is_error", "call_id", "output",
            // content parts and attachments
            "image_url", "url", "detail", "input_audio", "data", "format", "file", "file_data", "file_id",
            "filename", "source", "media_type", "image", "document",
            // structured output and JSON Schema keywords
            "response_format", "json_schema", "schema", "description", "properties", "required", "items",
            "enum", "const", "default", "additionalProperties", "anyOf", "allOf", "oneOf", "not", "$ref", "$defs",
            "definitions", "$schema", "$id", "title", "examples", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems",
            "uniqueItems", "nullable", "patternProperties", "prefixItems", "minProperties", "maxProperties");

    private WireNames() {
    }
}
