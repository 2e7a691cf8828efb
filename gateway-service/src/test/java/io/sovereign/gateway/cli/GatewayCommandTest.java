package io.sovereign.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands, as CI and admins run them; the default policy's test cases run in every build. */
class GatewayCommandTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return GatewayCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultPolicysTestCasesPass() {
        Path root = GatewayHarness.repoRoot();
        int code = run(
                "policy",
                "test",
                root.resolve("policies/default.yaml").toString(),
                root.resolve("policies/tests").toString());
        System.out.println(out.toString(StandardCharsets.UTF_8));
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("PASS 02-card-stays-onprem.yaml")
                .contains(" 0 failed");
    }

    @Test
    void aFailingCaseFailsTheRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("wrong.yaml"), """
                request: { model: auto, messages: [ { role: user, content: "Card 4111 1111 1111 1111" } ] }
                expect: { target: hosted }
                """);
        int code = run(
                "policy",
                "test",
                GatewayHarness.repoRoot().resolve("policies/default.yaml").toString(),
                dir.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("FAIL wrong.yaml", "target: expected hosted, got onprem");
    }

    @Test
    void checkReportsEveryViolationAndExitsNonZero(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                Files.readString(GatewayHarness.repoRoot().resolve("policies/default.yaml"))
                        .replace("route: onprem", "route: onprem-2b"));
        assertThat(run("policy", "check", bad.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("rules[0].route: unknown target 'onprem-2b'");
        assertThat(run(
                        "policy",
                        "check",
                        GatewayHarness.repoRoot()
                                .resolve("policies/default.yaml")
                                .toString()))
                .isZero();
    }

    @Test
    void apikeyPrintsTheHashNotTheKeyInTheEntry() {
        assertThat(run("apikey", "new", "--id", "svc", "--user", "svc", "--team", "finance"))
                .isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        String key = printed.lines()
                .filter(l -> l.startsWith("#   sk-gw-"))
                .findFirst()
                .orElseThrow()
                .substring(4);
        String entry =
                printed.lines().filter(l -> l.startsWith("  - {")).findFirst().orElseThrow();
        assertThat(entry).doesNotContain(key).contains(io.sovereign.gateway.auth.ApiKeyStore.sha256(key));
        assertThat(run("apikey", "new", "--id", "svc")).isEqualTo(2);
    }

    @Test
    void policyDiffSaysWhichFileIsMissingAndRefusesAnInvalidCandidate(@TempDir Path dir) throws Exception {
        Path candidate = GatewayHarness.repoRoot().resolve("policies/default.yaml");
        assertThat(run("policy", "diff", "--audit", dir.resolve("nope.jsonl").toString(), candidate.toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("audit log", "nope.jsonl", "does not exist");
        Path audit = dir.resolve("audit.jsonl");
        Files.writeString(audit, "{}\n");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nrules: []\n");
        assertThat(run("policy", "diff", "--audit", audit.toString(), bad.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("INVALID " + bad);
    }

    @Test
    void policyDiffOfALogWithoutUsableLinesCountsWhatItSkippedAndFails(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Files.writeString(audit, "garbage\n{\"path\":\"/v1/models\",\"status\":200}\n");
        int code = run(
                "policy",
                "diff",
                "--audit",
                audit.toString(),
                GatewayHarness.repoRoot().resolve("policies/default.yaml").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("1 malformed line(s) skipped", "line 1: not a JSON object", "1 line(s) carry no decision")
                .contains("no line of " + audit + " could be replayed");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"lines_malformed\" : 1");
    }
}
