package io.sovereign.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.inference.TinyGptOss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The official gpt-oss chat_template.jinja, read where the project keeps it as data (../shared, never copied into
 * the project), renders byte for byte as Python jinja2 does (renders recorded by scripts/gpt_oss_template_reference.py).
 */
class GptOssTemplateTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @SuppressWarnings("unchecked")
    void officialTemplateRendersLikeJinja2() throws Exception {
        Path template = TinyGptOss.officialTemplate();
        // CI has shared/ beside the clone: a test that cannot read the template fails, it is never skipped
        Assertions.assertNotNull(
                template,
                "the official gpt-oss template is absent (clone the project beside shared/, as CI does): "
                        + TinyGptOss.OFFICIAL_TEMPLATE.toAbsolutePath().normalize());
        JsonNode reference = JSON.readTree(
                Path.of("src/test/resources/gpt-oss-template/renders.json").toFile());
        Clock clock = Clock.fixed(
                LocalDate.parse(reference.path("date").asString())
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC);
        ChatTemplate chat = new ChatTemplate(Files.readString(template), Map.of(), clock);
        assertThat(chat.isHarmony()).isTrue();
        int checked = 0;
        for (JsonNode c : reference.path("cases")) {
            Map<String, Object> extra = new HashMap<>();
            if (c.has("tools")) extra.put("tools", JSON.convertValue(c.path("tools"), List.class));
            if (c.has("reasoning_effort"))
                extra.put("reasoning_effort", c.path("reasoning_effort").asString());
            String rendered = chat.render(ChatTemplateTest.messages(c.path("messages")), true, extra);
            assertThat(rendered)
                    .as(c.path("name").asString())
                    .isEqualTo(c.path("rendered").asString());
            checked++;
        }
        assertThat(checked).isEqualTo(10);
    }
}
