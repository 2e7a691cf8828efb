package io.sovereign.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ChatToResponses;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET} and {@code DELETE /v1/responses/{id}} through the gateway, on responses the test put into the store
 * (the POST will fill it): answered to their owner only, OpenAI-shaped otherwise; with {@code store.type=redis}
 * shared by two replicas.
 */
class StoredResponsesIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ResponseOwner ALICE = new ResponseOwner("alice", "engineering"); // GatewayHarness.ALICE_KEY
    static OpenAiStub upstream;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        upstream = OpenAiStub.start("upstream");
        gateway = GatewayHarness.builder()
                .onprem(upstream)
                .hosted(upstream)
                .chatOnlyTargets()
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    static StoredResponse stored(GatewayHarness g) {
        StoredResponse r = ResponseStoreContract.first(ChatToResponses.newResponseId());
        g.bean(ResponseStore.class).put(ALICE, r).join();
        return r;
    }

    static HttpResponse<String> delete(GatewayHarness g, String path, String key) {
        return g.send(g.request(path, key).DELETE().build());
    }

    static void assertOpenAiNotFound(HttpResponse<String> r, String id) {
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(r.body()))
                .isEqualTo(JSON.readTree("{\"error\":{\"message\":\"Response with id '" + id
                        + "' not found.\",\"type\":\"invalid_request_error\",\"code\":null,\"param\":null}}"));
    }

    @Test
    void theOwnerReadsTheStoredResponseObject() {
        StoredResponse r = stored(gateway);
        HttpResponse<String> got = gateway.get("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(got.body())).isEqualTo(r.response());
        assertThat(got.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void anotherCallerGetsTheSameNotFoundAsForAnUnknownId() {
        StoredResponse r = stored(gateway);
        // bob (another team) and carol (alice's team) alike: no 403 that would confirm the id exists
        for (String key : new String[] {GatewayHarness.BOB_KEY, GatewayHarness.ADMIN_KEY}) {
            assertOpenAiNotFound(gateway.get("/v1/responses/" + r.id(), key), r.id());
            assertOpenAiNotFound(delete(gateway, "/v1/responses/" + r.id(), key), r.id());
        }
        String unknown = ChatToResponses.newResponseId();
        assertOpenAiNotFound(gateway.get("/v1/responses/" + unknown, GatewayHarness.ALICE_KEY), unknown);
        assertOpenAiNotFound(gateway.get("/v1/responses/chatcmpl-123", GatewayHarness.ALICE_KEY), "chatcmpl-123");
        assertThat(gateway.get("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void deleteAnswersAsOpenAiAndTheResponseIsGone() {
        StoredResponse r = stored(gateway);
        HttpResponse<String> deleted = delete(gateway, "/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(deleted.body()))
                .isEqualTo(JSON.readTree("{\"id\":\"" + r.id() + "\",\"object\":\"response\",\"deleted\":true}"));
        assertOpenAiNotFound(gateway.get("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY), r.id());
        assertOpenAiNotFound(delete(gateway, "/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY), r.id());
    }

    @Test
    void authenticatedLikeEveryV1Call() {
        StoredResponse r = stored(gateway);
        HttpResponse<String> none = gateway.get("/v1/responses/" + r.id(), null);
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(none.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).contains("You didn't provide an API key");
        assertThat(delete(gateway, "/v1/responses/" + r.id(), "sk-not-a-key").statusCode())
                .isEqualTo(401);
        HttpResponse<String> noRole = gateway.get("/v1/responses/" + r.id(), GatewayHarness.NO_ROLE_KEY);
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(noRole.body()).path("error").path("type").asString())
                .isEqualTo("permission_error");
        assertThat(gateway.get("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void anotherMethodOnTheResponsePathIsNotServed() {
        StoredResponse r = stored(gateway);
        HttpResponse<String> put = gateway.send(gateway.request("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(put.statusCode()).isIn(404, 405);
        assertThat(JSON.readTree(put.body()).path("error").isObject()).isTrue();
    }

    @Test
    void withRedisTwoReplicasShareTheConversations() {
        try (RedisServerProcess redis = RedisServerProcess.start();
                GatewayHarness one = GatewayHarness.builder()
                        .onprem(upstream)
                        .hosted(upstream)
                        .chatOnlyTargets()
                        .property("gateway.store.type", "redis")
                        .property("spring.data.redis.url", redis.url())
                        .start();
                GatewayHarness two = GatewayHarness.builder()
                        .onprem(upstream)
                        .hosted(upstream)
                        .chatOnlyTargets()
                        .property("gateway.store.type", "redis")
                        .property("spring.data.redis.url", redis.url())
                        .start()) {
            assertThat(one.bean(ResponseStore.class)).isInstanceOf(RedisResponseStore.class);
            StoredResponse r = stored(one);
            HttpResponse<String> got = two.get("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(got.body())).isEqualTo(r.response());
            assertOpenAiNotFound(two.get("/v1/responses/" + r.id(), GatewayHarness.BOB_KEY), r.id());
            assertThat(delete(two, "/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY)
                            .statusCode())
                    .isEqualTo(200);
            assertOpenAiNotFound(one.get("/v1/responses/" + r.id(), GatewayHarness.ALICE_KEY), r.id());
        }
    }
}
