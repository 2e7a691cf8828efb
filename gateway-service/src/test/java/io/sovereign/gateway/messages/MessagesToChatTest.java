package io.sovereign.gateway.messages;

import static io.sovereign.gateway.messages.Json.assertJsonEquals;
import static io.sovereign.gateway.messages.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessagesToChatTest {

    /** Every case: a whole Messages request, the whole chat request expected, and what is reported as ignored. */
    static Stream<Arguments> translations() {
        return Stream.of(
                Arguments.of(
                        "string content and system",
                        "{'model':'claude-x','max_tokens':64,'system':'Be brief.','messages':[{'role':'user','content':'Hi'}]}",
                        "{'model':'claude-x','messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'Hi'}],'max_tokens':64}",
                        List.of()),
                Arguments.of(
                        "system text blocks joined, cache_control ignored silently (also top-level)",
                        "{'model':'m','max_tokens':5,'cache_control':{'type':'ephemeral'},'system':[{'type':'text','text':'A','cache_control':{'type':'ephemeral'}},{'type':'text','text':'B'}],"
                                + "'messages':[{'role':'user','content':[{'type':'text','text':'one','cache_control':{'type':'ephemeral'}},{'type':'text','text':'two'}]}]}",
                        "{'model':'m','messages':[{'role':'system','content':'A\\n\\nB'},{'role':'user','content':'one\\n\\ntwo'}],'max_tokens':5}",
                        List.of()),
                Arguments.of(
                        "Claude Code's billing block dropped, its system turn kept in place",
                        "{'model':'m','max_tokens':5,'system':[{'type':'text','text':'x-anthropic-billing-header: cc_version=1;'},{'type':'text','text':'You are an agent.'}],"
                                + "'messages':[{'role':'user','content':'hi'},{'role':'system','content':[{'type':'text','text':'# Environment'}]},{'role':'user','content':'go'}]}",
                        "{'model':'m','messages':[{'role':'system','content':'You are an agent.'},{'role':'user','content':'hi'},{'role':'system','content':'# Environment'},{'role':'user','content':'go'}],'max_tokens':5}",
                        List.of("system.0 (x-anthropic-billing-header)")),
                Arguments.of(
                        "sampling, stop sequences, metadata, stream; top_k reported",
                        "{'model':'m','max_tokens':5,'temperature':0.2,'top_p':0.9,'top_k':40,'stop_sequences':['END','\\n\\nHuman:'],'metadata':{'user_id':'u-1'},'stream':true,'messages':[{'role':'user','content':'x'}]}",
                        "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':5,'stop':['END','\\n\\nHuman:'],'temperature':0.2,'top_p':0.9,'user':'u-1','stream':true,'stream_options':{'include_usage':true}}",
                        List.of("top_k")),
                Arguments.of(
                        "images: base64 to a data URI, url as is; text stays a part beside them",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBOR'}},"
                                + "{'type':'image','source':{'type':'url','url':'https://example.com/a.jpg'}},{'type':'text','text':'What is it?'}]}]}",
                        "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBOR'}},"
                                + "{'type':'image_url','image_url':{'url':'https://example.com/a.jpg'}},{'type':'text','text':'What is it?'}]}],'max_tokens':5}",
                        List.of()),
                Arguments.of(
                        "documents: PDF to a file part, text and content sources to text, url as a link (reported)",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'document','title':'memo.pdf','source':{'type':'base64','media_type':'application/pdf','data':'JVBER'}},"
                                + "{'type':'document','title':'Notes','source':{'type':'text','media_type':'text/plain','data':'plain notes'}},"
                                + "{'type':'document','source':{'type':'content','content':[{'type':'text','text':'chunk 1'}]}},"
                                + "{'type':'document','source':{'type':'url','url':'https://example.com/r.pdf'}}]}]}",
                        "{'model':'m','messages':[{'role':'user','content':[{'type':'file','file':{'filename':'memo.pdf','file_data':'data:application/pdf;base64,JVBER'}},"
                                + "{'type':'text','text':'Notes\\n\\nplain notes'},{'type':'text','text':'chunk 1'},{'type':'text','text':'Document: https://example.com/r.pdf'}]}],'max_tokens':5}",
                        List.of("document url sources, sent as links (1)")),
                Arguments.of(
                        "tool round trip: tool_use -> tool_calls, tool_result -> tool message before the user's text; is_error visible",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'Weather?'},"
                                + "{'role':'assistant','content':[{'type':'thinking','thinking':'hm','signature':'s'},{'type':'text','text':'Checking.'},{'type':'tool_use','id':'toolu_1','name':'get_weather','input':{'city':'Paris'}},"
                                + "{'type':'tool_use','id':'toolu_2','name':'get_time','input':{}}]},"
                                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_1','content':'18C','cache_control':{'type':'ephemeral'}},"
                                + "{'type':'tool_result','tool_use_id':'toolu_2','is_error':true,'content':[{'type':'text','text':'clock down'}]},{'type':'text','text':'and?'}]}]}",
                        "{'model':'m','messages':[{'role':'user','content':'Weather?'},"
                                + "{'role':'assistant','content':'Checking.','tool_calls':[{'id':'toolu_1','type':'function','function':{'name':'get_weather','arguments':'{\"city\":\"Paris\"}'}},"
                                + "{'id':'toolu_2','type':'function','function':{'name':'get_time','arguments':'{}'}}]},"
                                + "{'role':'tool','tool_call_id':'toolu_1','content':'18C'},{'role':'tool','tool_call_id':'toolu_2','content':'[tool error] clock down'},"
                                + "{'role':'user','content':'and?'}],'max_tokens':5}",
                        List.of("thinking blocks in assistant history (1)")),
                Arguments.of(
                        "tool-only assistant turn has null content; an image in a tool result follows as a user part",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'shot'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'screenshot','input':{}}]},"
                                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':[{'type':'text','text':'done'},{'type':'image','source':{'type':'base64','media_type':'image/png','data':'AAA'}}]}]}]}",
                        "{'model':'m','messages':[{'role':'user','content':'shot'},{'role':'assistant','content':null,'tool_calls':[{'id':'t1','type':'function','function':{'name':'screenshot','arguments':'{}'}}]},"
                                + "{'role':'tool','tool_call_id':'t1','content':'done'},"
                                + "{'role':'user','content':[{'type':'text','text':'Attachments of tool result t1:'},{'type':'image_url','image_url':{'url':'data:image/png;base64,AAA'}}]}],'max_tokens':5}",
                        List.of()),
                Arguments.of(
                        "a system turn between a tool call and its result waits until after the tool message",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'a'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'f','input':{}}]},"
                                + "{'role':'system','content':'reminder'},{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':'ok'}]}]}",
                        "{'model':'m','messages':[{'role':'user','content':'a'},{'role':'assistant','content':null,'tool_calls':[{'id':'t1','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                                + "{'role':'tool','tool_call_id':'t1','content':'ok'},{'role':'system','content':'reminder'}],'max_tokens':5}",
                        List.of()),
                Arguments.of(
                        "tools: $schema removed, defer_loading and cache_control not forwarded, server tools reported; tool_choice any",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'x'}],'tool_choice':{'type':'any','disable_parallel_tool_use':true},'tools':["
                                + "{'name':'Read','description':'Reads a file','input_schema':{'$schema':'http://json-schema.org/draft-07/schema#','type':'object','properties':{'path':{'type':'string'}}},'cache_control':{'type':'ephemeral'}},"
                                + "{'name':'Later','input_schema':{'type':'object','properties':{}},'defer_loading':true},"
                                + "{'type':'web_search_20250305','name':'web_search','max_uses':3}]}",
                        "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':5,'tools':["
                                + "{'type':'function','function':{'name':'Read','description':'Reads a file','parameters':{'type':'object','properties':{'path':{'type':'string'}}}}},"
                                + "{'type':'function','function':{'name':'Later','parameters':{'type':'object','properties':{}}}}],"
                                + "'tool_choice':'required','parallel_tool_calls':false}",
                        List.of("tools.2 (web_search_20250305)")),
                Arguments.of(
                        "tool_choice tool -> named function",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'x'}],'tool_choice':{'type':'tool','name':'f'},'tools':[{'type':'custom','name':'f','input_schema':{'type':'object'}}]}",
                        "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':5,'tools':[{'type':'function','function':{'name':'f','parameters':{'type':'object'}}}],"
                                + "'tool_choice':{'type':'function','function':{'name':'f'}}}",
                        List.of()),
                Arguments.of(
                        "tool_choice without tools left is dropped (only server tools were sent)",
                        "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'x'}],'tool_choice':{'type':'any'},'tools':[{'type':'web_fetch_20250910','name':'web_fetch'}]}",
                        "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':5}",
                        List.of("tools.0 (web_fetch_20250910)", "tool_choice (no tools left to choose)")),
                Arguments.of(
                        "Claude Code's adaptive thinking with effort; unknown fields accepted, not forwarded, reported",
                        "{'model':'m','max_tokens':128000,'thinking':{'type':'adaptive','display':'omitted'},'output_config':{'effort':'medium'},"
                                + "'context_management':{'edits':[{'type':'clear_thinking_20251015','keep':'all'}]},'service_tier':'auto','messages':[{'role':'user','content':'x'}]}",
                        "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':128000,'reasoning_effort':'medium'}",
                        List.of("context_management", "service_tier")),
                Arguments.of(
                        "structured output format -> response_format json_schema",
                        "{'model':'m','max_tokens':5,'output_config':{'format':{'type':'json_schema','schema':{'type':'object'}}},'messages':[{'role':'user','content':'x'}]}",
                        "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':5,'response_format':{'type':'json_schema','json_schema':{'name':'output','schema':{'type':'object'}}}}",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void translates(String name, String request, String expectedChat, List<String> expectedIgnored) {
        BridgedRequest bridged = MessagesToChat.translate(obj(request));
        assertJsonEquals(bridged.chat(), expectedChat);
        assertThat(bridged.ignored()).containsExactlyElementsOf(expectedIgnored);
    }

    @ParameterizedTest(name = "budget {0} -> {1}")
    @CsvSource({
        "1024,low",
        "4000,low",
        "4096,low",
        "4097,medium",
        "10000,medium",
        "16384,medium",
        "16385,high",
        "31999,high",
        "128000,high"
    })
    void thinkingBudgetMapsToEffort(long budget, String effort) {
        BridgedRequest bridged = MessagesToChat.translate(
                obj("{'model':'m','max_tokens':200000,'thinking':{'type':'enabled','budget_tokens':" + budget
                        + "},'messages':[{'role':'user','content':'x'}]}"));
        assertThat(bridged.chat().path("reasoning_effort").asString()).isEqualTo(effort);
        assertThat(bridged.reply().thinking()).isEqualTo(ReplyOptions.Thinking.SHOWN);
    }

    @ParameterizedTest(name = "{0} -> effort {1}, thinking {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'type':'enabled','budget_tokens':2048},'output_config':{'effort':'high'}|high|SHOWN",
                "{'type':'adaptive'},'output_config':{'effort':'max'}|high|SHOWN",
                "{'type':'adaptive'}||SHOWN",
                "{'type':'adaptive','display':'summarized'}||SHOWN",
                "{'type':'enabled','budget_tokens':20000,'display':'omitted'}|high|OMITTED",
                "{'type':'disabled'}||NONE",
                "{'type':'disabled'},'output_config':{'effort':'low'}|low|NONE"
            })
    void thinkingAndEffort(String thinking, String effort, ReplyOptions.Thinking shown) {
        BridgedRequest bridged = MessagesToChat.translate(obj("{'model':'m','max_tokens':50000,'thinking':" + thinking
                + ",'messages':[{'role':'user','content':'x'}]}"));
        assertThat(bridged.chat().path("reasoning_effort").asString(null)).isEqualTo(effort);
        assertThat(bridged.reply().thinking()).isEqualTo(shown);
    }

    @Test
    void noThinkingRequestedMeansNoThinkingBlocksBack() {
        BridgedRequest bridged = MessagesToChat.translate(
                obj(
                        "{'model':'claude-x','max_tokens':5,'stop_sequences':['S'],'messages':[{'role':'user','content':'x'}]}"));
        assertThat(bridged.reply()).isEqualTo(new ReplyOptions("claude-x", List.of("S"), ReplyOptions.Thinking.NONE));
        assertThat(bridged.stream()).isFalse();
    }

    @Test
    void countTokensBodyNeedsNoMaxTokens() {
        BridgedRequest bridged = MessagesToChat.translateForCount(
                obj("{'model':'m','system':'s','messages':[{'role':'user','content':'x'}],"
                        + "'tools':[{'name':'f','input_schema':{'type':'object'}}]}"));
        assertJsonEquals(
                bridged.chat(),
                "{'model':'m','messages':[{'role':'system','content':'s'},{'role':'user','content':'x'}],"
                        + "'tools':[{'type':'function','function':{'name':'f','parameters':{'type':'object'}}}]}");
    }

    /** Each bad input: the body, the reported param, and the start of the message after "param: ". */
    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'max_tokens':5,'messages':[{'role':'user','content':'x'}]}|model|Field required.",
                "{'model':'','max_tokens':5,'messages':[{'role':'user','content':'x'}]}|model|String should not be empty.",
                "{'model':'m','messages':[{'role':'user','content':'x'}]}|max_tokens|Field required.",
                "{'model':'m','max_tokens':0,'messages':[{'role':'user','content':'x'}]}|max_tokens|Input should be greater than or equal to 1",
                "{'model':'m','max_tokens':'5','messages':[{'role':'user','content':'x'}]}|max_tokens|Input should be an integer, not a string.",
                "{'model':'m','max_tokens':5}|messages|Field required.",
                "{'model':'m','max_tokens':5,'messages':[]}|messages|List should have at least 1 item.",
                "{'model':'m','max_tokens':5,'messages':{}}|messages|Input should be a list, not an object.",
                "{'model':'m','max_tokens':5,'messages':[{'role':'bot','content':'x'}]}|messages.0.role|Input should be 'user' or 'assistant', got 'bot'.",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user'}]}|messages.0.content|Field required.",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':5}]}|messages.0.content|Input should be a string or a list of content blocks",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'video'}]}]}|messages.0.content.0.type|unsupported content block type 'video'",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'text'}]}]}|messages.0.content.0.text|Field required.",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','media_type':'image/bmp','data':'x'}}]}]}|messages.0.content.0.source.media_type|Input should be 'image/jpeg'",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'file','file_id':'f'}}]}]}|messages.0.content.0.source.type|Input should be 'base64' or 'url', got 'file'. Files API ids",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'document','source':{'type':'base64','media_type':'text/html','data':'x'}}]}]}|messages.0.content.0.source.media_type|Input should be 'application/pdf'",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'tool_use','id':'t','name':'f','input':{}}]}]}|messages.0.content.0.type|'tool_use' blocks belong in assistant messages",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'nope','content':'x'}]}]}|messages.0.content.0.tool_use_id|unexpected tool_use_id 'nope'",
                "{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'a'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'f','input':{}}]},{'role':'user','content':'b'}]}|messages.1|tool_use ids were found without tool_result blocks immediately after: t1.",
                "{'model':'m','max_tokens':5,'messages':[{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'f','input':'x'}]}]}|messages.0.content.0.input|Input should be an object, not a string.",
                "{'model':'m','max_tokens':5,'system':[{'type':'image'}],'messages':[{'role':'user','content':'x'}]}|system.0.type|system content must be text blocks",
                "{'model':'m','max_tokens':5,'temperature':1.5,'messages':[{'role':'user','content':'x'}]}|temperature|Input should be between 0 and 1, got 1.5.",
                "{'model':'m','max_tokens':5,'stop_sequences':[1],'messages':[{'role':'user','content':'x'}]}|stop_sequences.0|Input should be a string, not a number.",
                "{'model':'m','max_tokens':5,'tools':[{'name':'f'}],'messages':[{'role':'user','content':'x'}]}|tools.0.input_schema|Field required.",
                "{'model':'m','max_tokens':5,'tools':[{'name':'f','input_schema':{}},{'name':'f','input_schema':{}}],'messages':[{'role':'user','content':'x'}]}|tools.1.name|Tool names must be unique",
                "{'model':'m','max_tokens':5,'tool_choice':{'type':'tool','name':'g'},'tools':[{'name':'f','input_schema':{}}],'messages':[{'role':'user','content':'x'}]}|tool_choice.name|no tool named 'g'",
                "{'model':'m','max_tokens':5,'tool_choice':{'type':'sometimes'},'messages':[{'role':'user','content':'x'}]}|tool_choice.type|Input should be 'auto', 'any', 'tool' or 'none'",
                "{'model':'m','max_tokens':5,'thinking':{'type':'enabled'},'messages':[{'role':'user','content':'x'}]}|thinking.budget_tokens|Field required.",
                "{'model':'m','max_tokens':5,'thinking':{'type':'enabled','budget_tokens':100},'messages':[{'role':'user','content':'x'}]}|thinking.budget_tokens|Input should be greater than or equal to 1024",
                "{'model':'m','max_tokens':5,'thinking':{'type':'deep'},'messages':[{'role':'user','content':'x'}]}|thinking.type|Input should be 'enabled', 'disabled' or 'adaptive'",
                "{'model':'m','max_tokens':5,'output_config':{'effort':'extreme'},'messages':[{'role':'user','content':'x'}]}|output_config.effort|Input should be 'low', 'medium', 'high' or 'max'",
                "{'model':'m','max_tokens':5,'stream':'yes','messages':[{'role':'user','content':'x'}]}|stream|Input should be a boolean, not a string.",
                "{'model':'m','max_tokens':5,'metadata':{'user_id':7},'messages':[{'role':'user','content':'x'}]}|metadata.user_id|Input should be a string, not a number."
            })
    void refusesBadInputNamingTheField(String body, String param, String problem) {
        assertThatThrownBy(() -> MessagesToChat.translate(obj(body)))
                .isInstanceOfSatisfying(InvalidMessagesRequest.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).startsWith(param + ": " + problem);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "''|The request body is empty",
                "{oops|The request body is not valid JSON",
                "[1]|The request body must be a JSON object, not a list."
            })
    void refusesBodiesThatAreNotObjects(String body, String message) {
        assertThatThrownBy(() -> MessagesToChat.translate(
                        body.equals("''") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidMessagesRequest.class)
                .hasMessageStartingWith(message)
                .extracting(e -> ((InvalidMessagesRequest) e).param())
                .isNull();
    }
}
