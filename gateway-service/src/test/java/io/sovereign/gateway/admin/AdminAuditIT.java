package io.sovereign.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Admin calls leave audit lines: who asked, as whom, for what; refused ones too; never the body. */
@GatewayTest(stubs = GatewayTest.Stubs.NONE, hostedKey = "")
class AdminAuditIT {

    static GatewayHarness gateway;

    static JsonNode auditLine(Predicate<JsonNode> which) {
        Path file = gateway.dir().resolve("audit.jsonl");
        JsonNode[] found = new JsonNode[1];
        // the audit appender is asynchronous
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!Files.exists(file)) {
                        return false;
                    }
                    List<String> lines = Files.readAllLines(file);
                    found[0] = lines.stream()
                            .map(OpenAiStub.JSON::readTree)
                            .filter(which)
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    @Test
    void explainingAsAnotherUserIsAudited() throws Exception {
        String body =
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"secret plan NIGHTJAR for jane@acme.test\"}]}";
        assertThat(gateway.post("/admin/policy/explain?user=mallory&team=legal", GatewayHarness.ADMIN_KEY, body)
                        .statusCode())
                .isEqualTo(200);
        JsonNode line = auditLine(l -> "policy.explain".equals(l.path("action").asString())
                && "mallory".equals(l.path("as_user").asString()));
        assertThat(line.get("kind").asString()).isEqualTo("admin");
        assertThat(line.get("user").asString()).isEqualTo("carol");
        assertThat(line.get("as_team").asString()).isEqualTo("legal");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("path").asString()).isEqualTo("/admin/policy/explain");
        assertThat(Files.readString(gateway.dir().resolve("audit.jsonl")))
                .doesNotContain("NIGHTJAR", "jane@acme.test", GatewayHarness.ADMIN_KEY);
    }

    @Test
    void spendReadsAreAuditedWithTheMonthAndBadOnesWithTheirStatus() {
        assertThat(gateway.get("/admin/spend?month=2026-11&format=csv", GatewayHarness.FINANCE_KEY)
                        .statusCode())
                .isEqualTo(200);
        JsonNode ok = auditLine(l -> "spend.read".equals(l.path("action").asString())
                && "2026-11".equals(l.path("month").asString()));
        assertThat(ok.get("user").asString()).isEqualTo("dave");
        assertThat(ok.get("format").asString()).isEqualTo("csv");

        assertThat(gateway.get("/admin/spend?month=last", GatewayHarness.FINANCE_KEY)
                        .statusCode())
                .isEqualTo(400);
        JsonNode bad = auditLine(l -> "spend.read".equals(l.path("action").asString())
                && "last".equals(l.path("month").asString()));
        assertThat(bad.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void anAdminCallRefusedForAMissingRoleIsAuditedToo() {
        assertThat(gateway.get("/admin/spend?month=2026-10", GatewayHarness.ALICE_KEY)
                        .statusCode())
                .isEqualTo(403);
        JsonNode line = auditLine(l -> "spend.read".equals(l.path("action").asString())
                && "2026-10".equals(l.path("month").asString()));
        assertThat(line.get("user").asString()).isEqualTo("alice");
        assertThat(line.get("status").asInt()).isEqualTo(403);
        assertThat(line.get("error").asString()).isEqualTo("missing_role");
    }
}
