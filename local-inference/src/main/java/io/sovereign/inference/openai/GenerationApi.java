package io.sovereign.inference.openai;

import io.sovereign.inference.engine.GenerationHandle;
import io.sovereign.inference.engine.GenerationListener;
import io.sovereign.inference.engine.GenerationRequest;
import io.sovereign.inference.engine.GenerationResult;
import io.sovereign.inference.engine.QueueFullException;
import io.sovereign.inference.error.ApiError;
import io.sovereign.inference.sampling.SamplingParams;
import io.sovereign.inference.template.ChatTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/chat/completions} and {@code POST /v1/completions}: validate, tokenize, generate, answer. */
public final class GenerationApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServedModel model;

    public GenerationApi(ServedModel model) {
        this.model = model;
    }

    /** What a chat or completion request asks for, once validated. */
    private record Call(boolean chat, boolean stream, boolean includeUsage, GenerationRequest request) {}

    public void chat(JsonNode body, ResponseSink sink) {
        ChatTemplate template = model.chatTemplate()
                .orElseThrow(() -> ApiError.invalid(
                        "model '" + model.name() + "' has no chat template; use /v1/completions", "messages"));
        checkModel(body, template.isHarmony());
        Map<String, Object> extra = new LinkedHashMap<>();
        if (template.isHarmony()) {
            HarmonyRequest.tools(body).ifPresent(tools -> extra.put("tools", tools));
            HarmonyRequest.reasoningEffort(body).ifPresent(effort -> extra.put("reasoning_effort", effort));
        }
        String prompt;
        try {
            prompt = template.render(messages(body), true, extra);
        } catch (ChatTemplate.TemplateException e) {
            throw ApiError.invalid("the chat template refused the messages: " + e.getMessage(), "messages");
        }
        run(
                new Call(
                        true,
                        stream(body),
                        includeUsage(body),
                        request(body, model.tokenizer().encode(prompt), "messages", template.isHarmony())),
                sink);
    }

    public void completion(JsonNode body, ResponseSink sink) {
        checkModel(body, false);
        JsonNode p = RequestFields.present(body, "prompt");
        long[] ids;
        if (p != null && p.isString()) {
            ids = model.tokenizer().encode(p.stringValue());
        } else if (p != null && p.isArray() && p.size() == 1 && p.get(0).isString()) {
            ids = model.tokenizer().encode(p.get(0).stringValue());
        } else if (p != null && p.isArray() && p.size() > 0 && p.get(0).isIntegralNumber()) {
            ids = new long[p.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = p.get(i).asLong();
        } else {
            throw ApiError.invalid("'prompt' must be a string, a one-string array or an array of token ids", "prompt");
        }
        if (RequestFields.present(body, "suffix") != null || RequestFields.bool(body, "echo", false)) {
            throw ApiError.invalid("'suffix' and 'echo' are not supported", "suffix");
        }
        run(new Call(false, stream(body), includeUsage(body), request(body, ids, "prompt", false)), sink);
    }

    /** {@code tools} are taken where the template can render them (gpt-oss's harmony format). */
    private void checkModel(JsonNode body, boolean toolsRendered) {
        String name = RequestFields.requiredString(body, "model");
        if (!name.equals(model.name())) {
            throw ApiError.modelNotFound(name, model.name());
        }
        if (RequestFields.positiveInt(body, "n").orElse(1) != 1) {
            throw ApiError.invalid("only n=1 is supported", "n");
        }
        // refused rather than silently ignored, so a caller never mistakes an answer for a tool call or JSON mode
        for (String unsupported : List.of("tools", "functions", "tool_choice", "function_call")) {
            if (toolsRendered && (unsupported.equals("tools") || unsupported.equals("tool_choice"))) {
                continue;
            }
            JsonNode n = RequestFields.present(body, unsupported);
            if (n != null
                    && !(n.isArray() && n.isEmpty())
                    && !(n.isString() && n.stringValue().equals("none"))) {
                throw ApiError.invalid(
                        "'" + unsupported + "' is not supported by " + model.name() + " on this server", unsupported);
            }
        }
        JsonNode format = RequestFields.present(body, "response_format");
        if (format != null && !"text".equals(format.path("type").asString(""))) {
            throw ApiError.invalid("only response_format {\"type\": \"text\"} is supported", "response_format");
        }
        JsonNode logprobs = RequestFields.present(body, "logprobs");
        if (logprobs != null && !(logprobs.isBoolean() && !logprobs.asBoolean())) {
            throw ApiError.invalid("'logprobs' is not supported", "logprobs");
        }
    }

    private static boolean stream(JsonNode body) {
        return RequestFields.bool(body, "stream", false);
    }

    private static boolean includeUsage(JsonNode body) {
        JsonNode options = RequestFields.present(body, "stream_options");
        return options != null && RequestFields.bool(options, "include_usage", false);
    }

    static List<Map<String, Object>> messages(JsonNode body) {
        JsonNode list = RequestFields.present(body, "messages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiError.invalid("'messages' must be a non-empty array", "messages");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String param = "messages[" + i + "]";
            JsonNode role = m.path("role");
            if (!role.isString()
                    || !List.of("system", "developer", "user", "assistant", "tool")
                            .contains(role.stringValue())) {
                throw ApiError.invalid(
                        param + ".role must be one of system, developer, user, assistant, tool", param + ".role");
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", role.stringValue());
            message.put("content", content(m.path("content"), param + ".content"));
            JsonNode reasoning = m.path("reasoning_content");
            if (reasoning.isString()) {
                message.put("thinking", reasoning.stringValue());
            }
            if (role.stringValue().equals("assistant") && RequestFields.present(m, "tool_calls") != null) {
                message.put("tool_calls", HarmonyRequest.toolCalls(m.path("tool_calls"), param + ".tool_calls"));
            }
            out.add(message);
        }
        return out;
    }

    private static String content(JsonNode c, String param) {
        if (c.isString()) return c.stringValue();
        if (c.isNull() || c.isMissingNode()) return "";
        if (c.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(part.path("type").asString(""))
                        || !part.path("text").isString()) {
                    throw ApiError.invalid(param + ": only text content parts are supported", param);
                }
                b.append(part.path("text").stringValue());
            }
            return b.toString();
        }
        throw ApiError.invalid(param + " must be a string or an array of content parts", param);
    }

    private GenerationRequest request(JsonNode body, long[] promptIds, String promptParam, boolean harmony) {
        int maxContext = model.engine().maxContext();
        var requested = RequestFields.positiveInt(body, "max_completion_tokens");
        String limitParam = "max_completion_tokens";
        if (requested.isEmpty()) {
            requested = RequestFields.positiveInt(body, "max_tokens");
            limitParam = "max_tokens";
        }
        if (promptIds.length >= maxContext
                || (requested.isPresent() && promptIds.length + requested.getAsInt() > maxContext)) {
            throw ApiError.contextLengthExceeded(
                    maxContext,
                    promptIds.length,
                    requested.orElse(0),
                    requested.isPresent() && promptIds.length < maxContext ? limitParam : promptParam);
        }
        int maxTokens = requested.orElse(Math.min(model.defaultMaxTokens(), maxContext - promptIds.length));
        double temperature = RequestFields.number(body, "temperature", 0, 2).orElse(model.defaultTemperature());
        double topP = RequestFields.number(body, "top_p", 0.000001, 1).orElse(model.defaultTopP());
        int topK = (int) RequestFields.integer(body, "top_k").orElse(model.defaultTopK());
        if (topK < 0) throw ApiError.invalid("'top_k' must be >= 0", "top_k");
        SamplingParams sampling = new SamplingParams(temperature, topP, topK, RequestFields.integer(body, "seed"));
        return new GenerationRequest(
                promptIds, maxTokens, sampling, RequestFields.stop(body), harmony, System.nanoTime());
    }

    private void run(Call call, ResponseSink sink) {
        String id = (call.chat ? "chatcmpl-" : "cmpl-")
                + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<String[]> toolCalls = new ArrayList<>(); // {id, name, arguments}
        GenerationListener listener = new GenerationListener() {
            private boolean started;

            /** The stream opens with the role chunk, sent from the engine thread before any delta. */
            private void start() {
                if (started) return;
                started = true;
                sink.startEvents();
                if (call.chat) {
                    ObjectNode first = envelope(call, id, created);
                    ObjectNode choice = first.putArray("choices").addObject();
                    choice.put("index", 0);
                    choice.putObject("delta").put("role", "assistant").put("content", "");
                    choice.putNull("logprobs");
                    choice.putNull("finish_reason");
                    if (call.includeUsage) first.putNull("usage");
                    sink.event(first.toString());
                }
            }

            @Override
            public void onDelta(String c, String r) {
                if (call.stream) {
                    start();
                    sink.event(chunk(call, id, created, c, r, null).toString());
                } else {
                    content.append(c);
                    reasoning.append(r);
                }
            }

            @Override
            public void onToolCall(int index, String name) {
                String callId =
                        "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
                toolCalls.add(new String[] {callId, name, ""});
                if (call.stream) {
                    start();
                    ObjectNode o = toolChunk(call, id, created, index);
                    ObjectNode tc = (ObjectNode) o.path("choices")
                            .get(0)
                            .path("delta")
                            .path("tool_calls")
                            .get(0);
                    tc.put("id", callId).put("type", "function");
                    tc.putObject("function").put("name", name).put("arguments", "");
                    sink.event(o.toString());
                }
            }

            @Override
            public void onToolArguments(int index, String json) {
                String[] tc = toolCalls.get(index);
                tc[2] += json;
                if (call.stream) {
                    ObjectNode o = toolChunk(call, id, created, index);
                    ((ObjectNode) o.path("choices")
                                    .get(0)
                                    .path("delta")
                                    .path("tool_calls")
                                    .get(0))
                            .putObject("function")
                            .put("arguments", json);
                    sink.event(o.toString());
                }
            }

            @Override
            public void onComplete(GenerationResult result) {
                if (call.stream) {
                    start();
                    sink.event(chunk(
                                    call,
                                    id,
                                    created,
                                    "",
                                    "",
                                    result.finishReason().wire())
                            .toString());
                    if (call.includeUsage) {
                        ObjectNode last = envelope(call, id, created);
                        last.putArray("choices");
                        last.set("usage", usage(result));
                        sink.event(last.toString());
                    }
                    sink.endEvents();
                } else {
                    sink.json(
                            200,
                            full(call, id, created, content.toString(), reasoning.toString(), toolCalls, result)
                                    .toString());
                }
            }

            @Override
            public void onError(Exception error) {
                ApiError e = ApiError.internal("generation failed: " + error.getMessage());
                if (call.stream && started) {
                    sink.event(e.toJson());
                    sink.endEvents();
                } else {
                    sink.json(e.status(), e.toJson());
                }
            }
        };
        GenerationHandle handle;
        try {
            handle = model.engine().submit(call.request, listener);
        } catch (QueueFullException e) {
            throw ApiError.overloaded(e.getMessage(), e.retryAfterSeconds());
        }
        sink.onDisconnect(handle::cancel);
    }

    private ObjectNode envelope(Call call, String id, long created) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("object", call.chat ? (call.stream ? "chat.completion.chunk" : "chat.completion") : "text_completion");
        o.put("created", created);
        o.put("model", model.name());
        o.put("system_fingerprint", "local-inference");
        return o;
    }

    private ObjectNode chunk(Call call, String id, long created, String content, String reasoning, String finish) {
        ObjectNode o = envelope(call, id, created);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        if (call.chat) {
            ObjectNode delta = choice.putObject("delta");
            if (!content.isEmpty()) delta.put("content", content);
            if (!reasoning.isEmpty()) delta.put("reasoning_content", reasoning);
        } else {
            choice.put("text", content);
        }
        choice.putNull("logprobs");
        if (finish == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finish);
        if (call.includeUsage) o.putNull("usage");
        return o;
    }

    /** A stream chunk whose delta carries one entry of {@code tool_calls}, for the caller to fill. */
    private ObjectNode toolChunk(Call call, String id, long created, int index) {
        ObjectNode o = envelope(call, id, created);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").putArray("tool_calls").addObject().put("index", index);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (call.includeUsage) o.putNull("usage");
        return o;
    }

    private ObjectNode full(
            Call call,
            String id,
            long created,
            String content,
            String reasoning,
            List<String[]> toolCalls,
            GenerationResult r) {
        ObjectNode o = envelope(call, id, created);
        ArrayNode choices = o.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        if (call.chat) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (content.isEmpty() && !toolCalls.isEmpty()) message.putNull("content");
            else message.put("content", content);
            if (!reasoning.isEmpty()) message.put("reasoning_content", reasoning);
            message.putNull("refusal");
            if (!toolCalls.isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (String[] tc : toolCalls) {
                    ObjectNode c = calls.addObject().put("id", tc[0]).put("type", "function");
                    c.putObject("function").put("name", tc[1]).put("arguments", tc[2]);
                }
            }
        } else {
            choice.put("text", content);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", r.finishReason().wire());
        o.set("usage", usage(r));
        return o;
    }

    private static ObjectNode usage(GenerationResult r) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", r.promptTokens());
        u.put("completion_tokens", r.completionTokens());
        u.put("total_tokens", r.promptTokens() + r.completionTokens());
        return u;
    }
}
