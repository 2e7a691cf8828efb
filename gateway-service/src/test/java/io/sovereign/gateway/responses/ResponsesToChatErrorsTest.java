package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request names the parameter at fault (the caller gets a 400 with it) and says what is expected. */
class ResponsesToChatErrorsTest {

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("{\"input\":\"x\"}", "model", "Missing required parameter: 'model'."),
                Arguments.of("{\"model\":7,\"input\":\"x\"}", "model", "expected a string, but got a number"),
                Arguments.of("{\"model\":\"m\"}", "input", "Missing required parameter: 'input'."),
                Arguments.of("{\"model\":\"m\",\"input\":{}}", "input", "expected a string or an array of input items"),
                Arguments.of("{\"model\":\"m\",\"input\":[]}", "input", "nothing to send"),
                Arguments.of("{\"model\":\"m\",\"input\":[7]}", "input[0]", "expected an object, but got a number"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"content\":\"x\"}]}",
                        "input[0].type",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"banana\"}]}",
                        "input[0].type",
                        "Invalid value: 'banana'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
                        "input[0].role",
                        "Supported values are: 'assistant', 'system', 'developer', and 'user'."),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\"}]}",
                        "input[0].content",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":5}]}",
                        "input[0].content",
                        "a string or an array of content parts"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_video\"}]}]}",
                        "input[0].content[0].type",
                        "'input_text', 'input_image', 'input_file'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\"}]}]}",
                        "input[0].content[0].text",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"file-1\"}]}]}",
                        "input[0].content[0].file_id",
                        "no Files API"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_url\":\"https://x/y.pdf\"}]}]}",
                        "input[0].content[0].file_url",
                        "file_data"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"system\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"data:,\"}]}]}",
                        "input[0].content[0].type",
                        "only contain 'input_text'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"u\"}]}]}",
                        "input[0].content[0].type",
                        "'output_text' and 'refusal'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}",
                        "input[0].call_id",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":{}}]}",
                        "input[0].arguments",
                        "expected a string"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"custom_tool_call\",\"call_id\":\"c\",\"name\":\"f\"}]}",
                        "input[0].input",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"nope\",\"output\":\"x\"}]}",
                        "input[0].call_id",
                        "No tool call found for function call output with call_id nope."),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"c\"}]}",
                        "input[1].output",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":7}]}",
                        "input[1].output",
                        "a string or an array of content parts"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_x\"}]}",
                        "input[0].id",
                        "Item with id 'msg_x' not found"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"tools\":{}}", "tools", "expected an array"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"name\":\"f\"}]}",
                        "tools[0].type",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\"}]}",
                        "tools[0].name",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":[]}]}",
                        "tools[0].parameters",
                        "expected an object"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"namespace\",\"name\":\"n\",\"tools\":[{\"type\":\"function\"}]}]}",
                        "tools[0].tools[0].name",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"custom\",\"name\":\"p\",\"format\":{\"type\":\"grammar\"}}]}",
                        "tools[0].format.definition",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":\"sometimes\"}",
                        "tool_choice",
                        "Supported values are: 'auto', 'none' and 'required'."),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":{\"type\":\"function\",\"name\":\"ghost\"},\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}",
                        "tool_choice.name",
                        "no tool named 'ghost'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":{\"type\":\"allowed_tools\",\"mode\":\"maybe\",\"tools\":[]}}",
                        "tool_choice.mode",
                        "Invalid value: 'maybe'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"parallel_tool_calls\":\"yes\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}",
                        "parallel_tool_calls",
                        "expected a boolean"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"parallel_tool_calls\":\"yes\"}",
                        "parallel_tool_calls",
                        "expected a boolean"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"xml\"}}}",
                        "text.format.type",
                        "'text', 'json_object' and 'json_schema'"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"schema\":{}}}}",
                        "text.format.name",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\"}}}",
                        "text.format.schema",
                        "Missing required parameter"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":3}}",
                        "reasoning.effort",
                        "expected a string"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":8}",
                        "max_output_tokens",
                        "Expected a value >= 16, but got 8 instead."),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":\"many\"}",
                        "max_output_tokens",
                        "expected an integer"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"temperature\":3}", "temperature", "between 0 and 2"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"top_p\":-1}", "top_p", "between 0 and 1"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"metadata\":{\"n\":1}}", "metadata.n", "expected a string"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"store\":\"no\"}", "store", "expected a boolean"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"stream\":1}", "stream", "expected a boolean"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"include\":[1]}", "include[0]", "expected a string"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"background\":true}", "background", "not supported"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"conversation\":\"conv_1\"}",
                        "conversation",
                        "not supported"),
                Arguments.of(
                        "{\"model\":\"m\",\"input\":\"x\",\"instructions\":[]}", "instructions", "expected a string"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badRequests")
    void namesTheParameter(String request, String param, String message) {
        ResponsesRequestError e = catchThrowableOfType(
                ResponsesRequestError.class, () -> ResponsesToChat.translate(Json.obj(request), List.of()));
        assertThat(e).as("an error for %s", request).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHistory")
    void aBrokenStoredConversationBlamesPreviousResponseId(String history) {
        ResponsesRequestError e = catchThrowableOfType(
                ResponsesRequestError.class,
                () -> ResponsesToChat.translate(
                        Json.obj("{\"model\":\"m\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}"),
                        Json.list(history)));
        assertThat(e.param()).isEqualTo("previous_response_id");
        assertThat(e.getMessage()).startsWith("The stored conversation cannot be continued: ");
    }

    static Stream<String> badHistory() {
        return Stream.of(
                "[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"x\"}]", "[{\"role\":\"user\"}]");
    }
}
