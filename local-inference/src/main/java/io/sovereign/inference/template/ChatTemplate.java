package io.sovereign.inference.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a model's own Hugging Face chat template (Jinja) with Jinjava, configured and patched to behave like
 * the Python jinja2 environment transformers uses: trim_blocks/lstrip_blocks, {@code raise_exception},
 * {@code strftime_now}, Python-style {@code tojson}, and Python string methods ({@code startswith},
 * {@code endswith}, {@code strip}, {@code split} with a literal separator) that Jinjava lacks.
 */
public final class ChatTemplate {
    private static final Pattern PY_METHOD =
            Pattern.compile("\\.(startswith|endswith|strip|lstrip|rstrip|split|upper|lower|title|replace)\\(");

    private final Jinjava jinjava;
    private final String source;
    private final Node tree;
    private final Map<String, String> specialTokens;
    private final Clock clock;
    /** The rendering template's clock, for the static {@code strftime_now} function (renders are serialised). */
    private static final ThreadLocal<Clock> RENDER_CLOCK = ThreadLocal.withInitial(Clock::systemDefaultZone);

    public ChatTemplate(String template, Map<String, String> specialTokens) {
        this(template, specialTokens, Clock.systemDefaultZone());
    }

    /** With the clock that {@code strftime_now} reads (tests pin it to compare renders byte for byte). */
    public ChatTemplate(String template, Map<String, String> specialTokens, Clock clock) {
        this.source = rewritePythonMethods(template);
        this.specialTokens = Map.copyOf(specialTokens);
        this.clock = clock;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                // without it Jinjava ignores {{- and -}}: the gpt-oss template then writes stray newlines into the
                // system message and breaks tool headers ("to=\n functions.x")
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .build())
                .build();
        this.jinjava = new Jinjava(config);
        jinjava.getGlobalContext()
                .registerFunction(new ELFunctionDefinition(
                        "", "raise_exception", PythonCompat.class, "raiseException", String.class));
        jinjava.getGlobalContext()
                .registerFunction(
                        new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
        for (String name : List.of(
                "startswith", "endswith", "strip", "lstrip", "rstrip", "split", "upper", "lower", "title", "replace")) {
            jinjava.getGlobalContext()
                    .registerFunction(new ELFunctionDefinition(
                            "py", name, PythonCompat.class, name, Object.class, Object[].class));
        }
        registerTojson();
        // parse once: re-parsing on every request cost most of the 0.5-0.9 ms a render took
        JinjavaInterpreter parser = jinjava.newInterpreter();
        this.tree = parser.parse(source);
        for (TemplateError error : parser.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TemplateException("the chat template does not parse: " + error.getMessage());
            }
        }
    }

    private void registerTojson() {
        jinjava.getGlobalContext().registerFilter(new Filter() {
            @Override
            public String getName() {
                return "tojson";
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return PythonJson.dumps(var);
            }
        });
    }

    /**
     * {@code x.startswith(y)} becomes {@code py:startswith(x, y)}: the receiver is the postfix expression
     * before the dot (names, subscripts, attribute access, string literals).
     */
    static String rewritePythonMethods(String template) {
        StringBuilder out = new StringBuilder();
        Matcher m = PY_METHOD.matcher(template);
        int last = 0;
        while (m.find()) {
            int start = receiverStart(template, m.start());
            if (start < last || start == m.start()) {
                continue;
            }
            out.append(template, last, start);
            String receiver = template.substring(start, m.start());
            out.append("py:").append(m.group(1)).append('(').append(receiver);
            int close = m.end();
            // no-arg call: "x.strip()" -> "py:strip(x)"; with args: "x.split(a)" -> "py:split(x, a)"
            if (close < template.length() && template.charAt(close) == ')') {
                out.append(')');
                last = close + 1;
            } else {
                out.append(", ");
                last = m.end();
            }
        }
        out.append(template, last, template.length());
        return out.toString();
    }

    private static int receiverStart(String s, int dot) {
        int i = dot - 1;
        while (i >= 0) {
            char c = s.charAt(i);
            if (c == ']' || c == ')') {
                char open = c == ']' ? '[' : '(';
                int depth = 0;
                for (; i >= 0; i--) {
                    if (s.charAt(i) == c) depth++;
                    else if (s.charAt(i) == open && --depth == 0) break;
                }
                i--;
            } else if (c == '\'' || c == '"') {
                i = s.lastIndexOf(c, i - 1) - 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                i--;
            } else {
                break;
            }
        }
        return i + 1;
    }

    /** Renders the conversation; template errors (including raise_exception) become {@link TemplateException}. */
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt, Map<String, Object> extra) {
        Map<String, Object> bindings = new HashMap<>(specialTokens);
        bindings.putAll(extra);
        bindings.put("messages", messages);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        PythonCompat.RAISED.remove();
        JinjavaInterpreter interpreter = new JinjavaInterpreter(
                jinjava, new Context(jinjava.getGlobalContext(), bindings), jinjava.getGlobalConfig());
        String output;
        // the parsed tree is shared; Jinjava does not promise that rendering one tree concurrently is safe
        synchronized (tree) {
            RENDER_CLOCK.set(clock);
            try (var current =
                    JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
                output = current.value().render(tree, true);
            } finally {
                RENDER_CLOCK.remove();
            }
        }
        String raised = PythonCompat.RAISED.get();
        PythonCompat.RAISED.remove();
        if (raised != null) {
            throw new TemplateException(raised);
        }
        for (TemplateError error : interpreter.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TemplateException(error.getMessage());
            }
        }
        return output;
    }

    /** True for gpt-oss style templates, whose output must go through {@link HarmonyParser}. */
    public boolean isHarmony() {
        return source.contains("<|channel|>");
    }

    public static String strftimeNow(String format) {
        String java = format.replace("%Y", "yyyy")
                .replace("%m", "MM")
                .replace("%d", "dd")
                .replace("%B", "MMMM")
                .replace("%b", "MMM")
                .replace("%H", "HH")
                .replace("%M", "mm");
        return LocalDateTime.now(RENDER_CLOCK.get()).format(DateTimeFormatter.ofPattern(java));
    }

    /** A template that refused the input or failed to render. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }
}
