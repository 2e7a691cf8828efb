package io.sovereign.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.inference.TinyModel;
import io.sovereign.inference.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Jinjava renders each template exactly as Python jinja2 did (outputs recorded beside the templates). */
class ChatTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messages(JsonNode node) {
        List<Map<String, Object>> out = new ArrayList<>();
        node.forEach(m -> out.add(JSON.convertValue(m, Map.class)));
        return out;
    }

    @Test
    void tinyModelTemplateMatchesJinja2() {
        ModelDirectory dir = ModelDirectory.open(TinyModel.DIR);
        ChatTemplate template = new ChatTemplate(
                dir.chatTemplate().orElseThrow(),
                Map.of("bos_token", dir.specialToken("bos_token"), "eos_token", dir.specialToken("eos_token")));
        int checked = 0;
        for (JsonNode c : TinyModel.cases()) {
            if (c.path("kind").asString().equals("chat")) {
                assertThat(template.render(messages(c.path("messages")), true, Map.of()))
                        .isEqualTo(c.path("rendered").asString());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3);
        assertThat(template.isHarmony()).isFalse();
    }

    @Test
    void tinyModelTemplateRefusesUnknownRoles() {
        ModelDirectory dir = ModelDirectory.open(TinyModel.DIR);
        ChatTemplate template = new ChatTemplate(dir.chatTemplate().orElseThrow(), Map.of("bos_token", "<s>"));
        assertThatThrownBy(() -> template.render(List.of(Map.of("role", "tool", "content", "x")), true, Map.of()))
                .isInstanceOf(ChatTemplate.TemplateException.class)
                .hasMessageContaining("Unknown role: tool");
    }

    @Test
    void harmonyTemplateMatchesJinja2() throws Exception {
        Path fixture = Path.of("src/test/resources/harmony");
        ChatTemplate template = new ChatTemplate(Files.readString(fixture.resolve("chat_template.jinja")), Map.of());
        assertThat(template.isHarmony()).isTrue();
        JsonNode cases = JSON.readTree(fixture.resolve("rendered.json").toFile());
        for (JsonNode c : cases) {
            Map<String, Object> extra =
                    c.has("tools") ? Map.of("tools", JSON.convertValue(c.path("tools"), List.class)) : Map.of();
            assertThat(template.render(messages(c.path("messages")), true, extra))
                    .isEqualTo(c.path("rendered").asString());
        }
    }

    @Test
    void harmonyTemplateRaisesOnMarkupInHistory() throws Exception {
        ChatTemplate template =
                new ChatTemplate(Files.readString(Path.of("src/test/resources/harmony/chat_template.jinja")), Map.of());
        assertThatThrownBy(() -> template.render(
                        List.of(Map.of("role", "assistant", "content", "<|channel|>final")), true, Map.of()))
                .isInstanceOf(ChatTemplate.TemplateException.class)
                .hasMessageContaining("must not contain harmony markup");
    }

    @Test
    void pythonMethodCallsAreRewrittenToFunctions() {
        record Case(String in, String out) {}
        for (Case c : List.of(
                new Case("{{ message['content'].startswith('x') }}", "{{ py:startswith(message['content'], 'x') }}"),
                new Case("{{ m.content.split('<|end|>')[0] }}", "{{ py:split(m.content, '<|end|>')[0] }}"),
                new Case("{{ m.content.strip() }}", "{{ py:strip(m.content) }}"),
                new Case("{{ 'a b'.split() }}", "{{ py:split('a b') }}"),
                new Case("{{ x | trim }}", "{{ x | trim }}"))) {
            assertThat(ChatTemplate.rewritePythonMethods(c.in)).isEqualTo(c.out);
        }
    }

    @Test
    void tojsonWritesPythonSeparators() {
        assertThat(PythonJson.dumps(Map.of("a", List.of(1, "é\n")))).isEqualTo("{\"a\": [1, \"é\\n\"]}");
    }
}
