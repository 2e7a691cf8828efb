package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayProcess;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.Stub;
import io.sovereign.gateway.testsupport.WithRedis;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real gateway jar, Redis down when its answers come back (settlements deferred), then kill -9 of the
 * gateway: after a restart the journal is replayed and the ledger is exact.
 */
class SettlementJournalIT {

    static final int N = 5;

    @Test
    @WithRedis(persistence = WithRedis.Persistence.AOF_ALWAYS)
    @GatewayTest(
            forked = true,
            properties = {
                "gateway.store.type=redis",
                "spring.data.redis.url={redis.url}",
                "gateway.store.command-timeout=3s",
                "gateway.store.settlement-journal={dir}/settlements.journal"
            })
    void deferredSettlementsSurviveAKill9OfTheGateway(
            RedisServerProcess redis, GatewayProcess gateway, @Stub("hosted") OpenAiStub hosted) throws Exception {
        Path journal = gateway.dir().resolve("settlements.journal");
        hosted.firstByteDelayMillis(1500);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            calls.add(GatewayHarness.http()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                                    .header("Authorization", "Bearer " + GatewayHarness.ALICE_KEY)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i
                                                    + "\"}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        // every reservation is held in Redis and every call is upstream: now Redis goes away (bounds are generous: an
        // fsync-always Redis on a loaded CI machine answered EVALSHA in more than 500 ms)
        await().atMost(Duration.ofSeconds(60)).until(() -> hosted.received().size() == N);
        redis.kill();
        calls.forEach(CompletableFuture::join);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(journal)
                        && Files.readAllLines(journal).stream()
                                        .filter(l -> l.contains("\"op\":\"defer\""))
                                        .count()
                                == N);
        String metrics = GatewayHarness.http()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).contains("gateway_budget_deferred_settlements{application=\"gateway\"} " + N + ".0");

        gateway.kill(); // SIGKILL with N settlements pending
        redis.restart(); // same data (AOF): the reservations are still held
        gateway.restart();

        JsonNode team = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> spend(gateway), t -> t.path("requests").asLong(0) == N);
        long cost = Price.ofUsdPerMillion("1.10", "0.55", "4.40")
                .costMicros(OpenAiStub.PROMPT_TOKENS, 0, OpenAiStub.COMPLETION_TOKENS);
        assertThat(team.path("spent_micro_usd").asLong()).isEqualTo(N * cost);
        assertThat(team.path("input_tokens").asLong()).isEqualTo((long) N * OpenAiStub.PROMPT_TOKENS);
        assertThat(team.path("reserved_micro_usd").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(journal) == 0); // nothing pending: afresh
        assertThat(gateway.log()).doesNotContain(" ERROR ");
    }

    static JsonNode spend(GatewayProcess gateway) throws Exception {
        HttpResponse<String> r = GatewayHarness.http()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/spend"))
                                .header("Authorization", "Bearer " + GatewayHarness.FINANCE_KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200
                ? OpenAiStub.JSON.readTree(r.body()).path("teams").path("engineering")
                : OpenAiStub.JSON.createObjectNode();
    }
}
