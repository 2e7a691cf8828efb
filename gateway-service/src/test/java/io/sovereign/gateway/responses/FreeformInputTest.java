package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FreeformInputTest {

    /** arguments as the model wrote them, the custom tool input they carry. */
    static Stream<Arguments> arguments() {
        return Stream.of(
                Arguments.of(
                        "{\"input\":\"*** Begin Patch\\n*** Add File: a.txt\\n+hi \\\"there\\\"\\n*** End Patch\\n\"}",
                        "*** Begin Patch\n*** Add File: a.txt\n+hi \"there\"\n*** End Patch\n"),
                Arguments.of(
                        "{ \"input\" : \"tab\\there\\\\ slash\\/ \\u00e9 \\ud83d\\ude00 end\" }",
                        "tab\there\\ slash/ é 😀 end"),
                Arguments.of("{\"input\":\"\"}", ""),
                Arguments.of("{\"patch\":\"only one string field\"}", "only one string field"),
                Arguments.of("*** Begin Patch\nraw", "*** Begin Patch\nraw"),
                Arguments.of("{\"input\": 5}", "{\"input\": 5}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("arguments")
    void decodesWholeArguments(String arguments, String input) {
        assertThat(FreeformInput.of(arguments)).isEqualTo(input);
    }

    /** Split at every position: what streams out is always a prefix of the input, never a broken char. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("arguments")
    void streamsAPrefixAtEverySplit(String arguments, String input) {
        for (int split = 0; split <= arguments.length(); split++) {
            for (int step = 1; step <= 3; step++) {
                FreeformInput decoder = new FreeformInput();
                StringBuilder out = new StringBuilder(decoder.feed(arguments.substring(0, split)));
                for (int i = split; i < arguments.length(); i += step) {
                    out.append(decoder.feed(arguments.substring(i, Math.min(arguments.length(), i + step))));
                    assertThat(input).startsWith(out.toString());
                    assertThat(out.isEmpty() || !Character.isHighSurrogate(out.charAt(out.length() - 1)))
                            .isTrue();
                }
                assertThat(out.toString()).isEqualTo(decoder.streamed());
                if (arguments.startsWith("{\"input\":\"") || arguments.startsWith("{ \"input\"")) {
                    assertThat(out.toString())
                            .as("streamed in full for split %d", split)
                            .isEqualTo(input);
                }
            }
        }
    }
}
