package io.sovereign.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A long conversation on Redis over one kept-alive connection: POST a turn continuing the last one, GET it, repeat.
 * On Reactor Netty 1.3.6 and 1.3.7 one of the POSTs after a GET was never read from the connection (it did not reach
 * the gateway's first filter; a new connection answered at once) within 10-50 turns: a request whose chain ends just
 * after its response is written lets the next request on the connection be dropped (reactor-netty issues 4188 and
 * 4361). The root pom pins the Reactor Netty release with the fix; this test fails again on a regression.
 */
class RedisConversationLoopIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int TURNS = 60;

    @Test
    void everyTurnOfALongConversationIsAnsweredOnOneConnection() {
        try (OpenAiStub upstream = OpenAiStub.start("upstream");
                RedisServerProcess redis = RedisServerProcess.start();
                GatewayHarness g = GatewayHarness.builder()
                        .onprem(upstream)
                        .hosted(upstream)
                        .chatOnlyTargets()
                        .property("gateway.store.type", "redis")
                        .property("spring.data.redis.url", redis.url())
                        .start()) {
            String previous = null;
            for (int turn = 0; turn < TURNS; turn++) {
                String body = "{\"model\":\"auto\",\"input\":\"turn " + turn + "\""
                        + (previous == null ? "" : ",\"previous_response_id\":\"" + previous + "\"") + "}";
                // sent at once from this thread, each right after the last answer: the race needs the next request
                // to arrive while the previous one's chain is still ending (a stall is the client's 30 s timeout)
                HttpResponse<String> posted = g.post("/v1/responses", GatewayHarness.ALICE_KEY, body);
                assertThat(posted.statusCode())
                        .as("turn %d: %s", turn, posted.body())
                        .isEqualTo(200);
                previous = JSON.readTree(posted.body()).path("id").asString();
                String id = previous;
                HttpResponse<String> got = g.get("/v1/responses/" + id, GatewayHarness.ALICE_KEY);
                assertThat(got.statusCode())
                        .as("GET of turn %d: %s", turn, got.body())
                        .isEqualTo(200);
            }
            assertThat(upstream.received()).hasSize(TURNS);
        }
    }
}
