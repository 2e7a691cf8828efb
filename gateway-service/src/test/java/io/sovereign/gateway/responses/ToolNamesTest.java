package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ToolNames.Kind;
import io.sovereign.gateway.responses.ToolNames.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolNamesTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "-, get_weather, get_weather",
                "collaboration, spawn_agent, collaboration__spawn_agent",
                "mcp__codex_apps__gmail, _search_emails, mcp__codex_apps__gmail___search_emails",
                "my.server, read file, my_server__read_file"
            })
    void flattens(String namespace, String name, String chat) {
        assertThat(ToolNames.flat(namespace, name)).isEqualTo(chat);
    }

    @Test
    void longNamesAreCutWithAChecksumAndStayDistinct() {
        String a = ToolNames.flat("namespace_with_a_rather_long_name_indeed", "and_a_long_function_name_too_a");
        String b = ToolNames.flat("namespace_with_a_rather_long_name_indeed", "and_a_long_function_name_too_b");
        assertThat(a).hasSize(64).matches("[a-zA-Z0-9_-]+");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void collisionsGetASuffixAndEachMapsBack() {
        ToolNames names = new ToolNames();
        String top = names.register(Kind.FUNCTION, null, "ns__f");
        String nested = names.register(Kind.CUSTOM, "ns", "f");
        assertThat(top).isEqualTo("ns__f");
        assertThat(nested).isEqualTo("ns__f_2");
        assertThat(names.tool(nested)).isEqualTo(new Tool(Kind.CUSTOM, "ns", "f"));
        assertThat(names.chatName("ns", "f")).isEqualTo("ns__f_2");
        assertThat(names.register(Kind.CUSTOM, "ns", "f"))
                .as("registering twice is idempotent")
                .isEqualTo("ns__f_2");
    }
}
