package io.sovereign.gateway.me;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.budget.SpendReport;
import io.sovereign.gateway.budget.SpendTotals;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.Limits;
import io.sovereign.gateway.policy.ModelCatalog;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.quota.QuotaRequest;
import io.sovereign.gateway.quota.RateLimitState;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code GET /v1/me}: who the gateway takes the caller for, the quotas and budgets that apply to them
 * (as the pipeline enforces them: requests per minute per user, tokens per minute per team, monthly budgets per
 * team and per user) and the model names the policy offers. Plain Java: figures in, JSON out.
 */
public final class SelfService {

    private SelfService() {}

    /** The check the pipeline makes for this caller (user RPM, team TPM), for {@code QuotaService.peek}. */
    public static QuotaRequest quotaRequest(Policy policy, GatewayPrincipal p) {
        Limits.QuotaLine user = policy.quotaFor(Limits.Scope.USER, p.user());
        Limits.QuotaLine team = policy.quotaFor(Limits.Scope.TEAM, p.team());
        return new QuotaRequest(
                p.user(),
                p.team(),
                user == null ? null : user.requestsPerMinute(),
                team == null ? null : team.tokensPerMinute(),
                0);
    }

    /** {@code gatewayRoles}: the role names the gateway acts on; others a token may carry are not shown. */
    public static ObjectNode render(
            GatewayPrincipal p,
            Set<String> gatewayRoles,
            Policy policy,
            QuotaDecision quota,
            SpendReport spend,
            YearMonth month) {
        ObjectNode root = RequestParser.JSON.createObjectNode();
        root.put("object", "gateway.me");
        root.put("user", p.user());
        root.put("team", p.team());
        ArrayNode roles = root.putArray("roles");
        new TreeSet<>(p.roles()).stream().filter(gatewayRoles::contains).forEach(roles::add);
        root.put("auth", p.method().name().toLowerCase(Locale.ROOT));
        root.put("policy_revision", policy.revision());

        ArrayNode quotas = root.putArray("quotas");
        quota(quotas, "user", p.user(), "requests", quota.requests());
        quota(quotas, "team", p.team(), "tokens", quota.tokens());

        ArrayNode budgets = root.putArray("budgets");
        String resetsAt = month.plusMonths(1)
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toString();
        budget(
                budgets,
                policy.budgetFor(Limits.Scope.TEAM, p.team()),
                p.team(),
                spend.teams().get(p.team()),
                month,
                resetsAt);
        budget(
                budgets,
                policy.budgetFor(Limits.Scope.USER, p.user()),
                p.user(),
                spend.users().get(p.user()),
                month,
                resetsAt);

        ObjectNode models = root.putObject("models");
        ModelCatalog.chatModels(policy).forEach(models.putArray("chat")::add);
        ModelCatalog.embeddingModels(policy).forEach(models.putArray("embeddings")::add);
        return root;
    }

    private static void quota(ArrayNode out, String scope, String name, String kind, RateLimitState s) {
        if (s == null) {
            return; // the policy sets no such limit
        }
        ObjectNode q = out.addObject();
        q.put("scope", scope);
        q.put("name", name);
        q.put("kind", kind);
        q.put("per", "minute");
        q.put("limit", s.limit());
        q.put("remaining", s.remaining());
        q.put("reset_seconds", s.resetSeconds());
        q.put("reset", s.resetHeader());
    }

    private static void budget(
            ArrayNode out, Limits.BudgetLine line, String name, SpendTotals totals, YearMonth month, String resetsAt) {
        if (line == null) {
            return;
        }
        long spent = totals == null ? 0 : totals.spentMicros();
        long reserved = totals == null ? 0 : totals.reservedMicros();
        ObjectNode b = out.addObject();
        b.put("scope", line.scope().id());
        b.put("name", name);
        b.put("month", month.toString());
        b.put("limit_micro_usd", line.monthlyMicros());
        b.put("spent_micro_usd", spent);
        b.put("reserved_micro_usd", reserved);
        b.put("remaining_micro_usd", Math.max(0, line.monthlyMicros() - spent - reserved));
        if (line.softAt() != null) {
            b.put("soft_at", line.softAt());
        }
        b.put("resets_at", resetsAt);
        b.put("on_exhausted", line.onExhausted().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
