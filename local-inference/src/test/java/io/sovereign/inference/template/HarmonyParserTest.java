package io.sovereign.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gpt-oss output: final channel -> content, analysis -> reasoning, markup never reaches the caller. */
class HarmonyParserTest {
    static final String OUTPUT = "<|channel|>analysis<|message|>User asks 2+2. Answer 4.<|end|>"
            + "<|start|>assistant<|channel|>final<|message|>2 + 2 = 4.<|return|>";

    static String[] parse(List<String> pieces) {
        HarmonyParser parser = new HarmonyParser();
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<HarmonyParser.Part> parts = new ArrayList<>();
        pieces.forEach(p -> parts.addAll(parser.accept(p)));
        parts.addAll(parser.finish());
        for (HarmonyParser.Part p : parts) {
            (p.kind() == HarmonyParser.Part.Kind.CONTENT ? content : reasoning).append(p.text());
        }
        return new String[] {content.toString(), reasoning.toString()};
    }

    @Test
    void splitsChannelsWhateverTheChunking() {
        List<List<String>> chunkings = new ArrayList<>();
        chunkings.add(List.of(OUTPUT));
        List<String> chars = new ArrayList<>();
        for (char c : OUTPUT.toCharArray()) chars.add(String.valueOf(c));
        chunkings.add(chars);
        // as a tokenizer would emit it: special tokens whole, text in small pieces
        chunkings.add(List.of(
                "<|channel|>",
                "analysis",
                "<|message|>",
                "User asks",
                " 2+2.",
                " Answer 4.",
                "<|end|>",
                "<|start|>",
                "assistant",
                "<|channel|>",
                "final",
                "<|message|>",
                "2 + 2",
                " = 4.",
                "<|return|>"));
        for (List<String> pieces : chunkings) {
            String[] r = parse(pieces);
            assertThat(r[0]).isEqualTo("2 + 2 = 4.");
            assertThat(r[1]).isEqualTo("User asks 2+2. Answer 4.");
        }
    }

    @Test
    void lengthCutInsideAnalysisIsReasoningOnly() {
        String[] r = parse(List.of("<|channel|>analysis<|message|>Thinking about", " it"));
        assertThat(r[0]).isEmpty();
        assertThat(r[1]).isEqualTo("Thinking about it");
    }

    @Test
    void plainOutputWithoutMarkupIsContent() {
        assertThat(parse(List.of("Just text"))[0]).isEqualTo("Just text");
    }

    @Test
    void commentaryWithConstrainIsNotContent() {
        String[] r = parse(
                List.of(
                        "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"Paris\"}<|call|>"));
        assertThat(r[0]).isEmpty();
        assertThat(r[1]).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(r[0] + r[1]).doesNotContain("<|");
    }

    @Test
    void aMessageToAFunctionIsAToolCallWhateverTheChunking() {
        String output =
                "<|channel|>analysis<|message|>Need the weather.<|end|><|start|>assistant to=functions.get_weather"
                        + "<|channel|>commentary <|constrain|>json<|message|>{\"city\": \"Paris\"}<|call|>";
        List<List<String>> chunkings = new ArrayList<>();
        chunkings.add(List.of(output));
        List<String> chars = new ArrayList<>();
        for (char c : output.toCharArray()) chars.add(String.valueOf(c));
        chunkings.add(chars);
        for (List<String> pieces : chunkings) {
            HarmonyParser parser = new HarmonyParser();
            List<HarmonyParser.Part> parts = new ArrayList<>();
            pieces.forEach(p -> parts.addAll(parser.accept(p)));
            parts.addAll(parser.finish());
            StringBuilder reasoning = new StringBuilder();
            StringBuilder arguments = new StringBuilder();
            List<String> calls = new ArrayList<>();
            for (HarmonyParser.Part p : parts) {
                switch (p.kind()) {
                    case REASONING -> reasoning.append(p.text());
                    case TOOL_CALL -> calls.add(p.index() + ":" + p.name());
                    case TOOL_ARGUMENTS -> arguments.append(p.text());
                    case CONTENT -> throw new AssertionError("content: " + p.text());
                }
            }
            assertThat(calls).containsExactly("0:get_weather");
            assertThat(arguments.toString()).isEqualTo("{\"city\": \"Paris\"}");
            assertThat(reasoning.toString()).isEqualTo("Need the weather.");
            assertThat(parser.toolCalls()).isEqualTo(1);
        }
    }

    @Test
    void recipientInTheChannelPartAndPreamblesToTheUser() {
        HarmonyParser parser = new HarmonyParser();
        List<HarmonyParser.Part> parts = new ArrayList<>(
                parser.accept(
                        "<|channel|>commentary<|message|>Checking now.<|end|>"
                                + "<|start|>assistant<|channel|>commentary to=functions.lookup <|constrain|>json<|message|>{}<|call|>"));
        parts.addAll(parser.finish());
        assertThat(parts)
                .extracting(HarmonyParser.Part::kind)
                .containsExactly(
                        HarmonyParser.Part.Kind.CONTENT,
                        HarmonyParser.Part.Kind.TOOL_CALL,
                        HarmonyParser.Part.Kind.TOOL_ARGUMENTS);
        assertThat(parts.get(0).text()).isEqualTo("Checking now.");
        assertThat(parts.get(1).name()).isEqualTo("lookup");
    }

    @Test
    void builtinToolMessagesStayHidden() {
        HarmonyParser parser = new HarmonyParser();
        List<HarmonyParser.Part> parts =
                parser.accept("<|channel|>analysis to=browser.search<|message|>{\"q\":1}<|call|>");
        assertThat(parts).extracting(HarmonyParser.Part::kind).containsExactly(HarmonyParser.Part.Kind.REASONING);
    }
}
