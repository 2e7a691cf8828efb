package io.sovereign.gateway.budget;

import java.time.YearMonth;

/**
 * Redis key layout. Every key a script touches for one request carries the team's hash tag
 * {@code {team:NAME}}, so the scripts run on Redis Cluster (one slot per team); a user's spend within a
 * team lives under the same tag. Only the per-month index of teams (read by the report) is untagged.
 * <pre>
 * PREFIX:{team:T}:resv            HASH  reservation id -> "YYYY-MM|user|amount"
 * PREFIX:{team:T}:resv:exp        ZSET  reservation id by expiry (ms, Redis server clock)
 * PREFIX:{team:T}:held            HASH  "YYYY-MM|team", "YYYY-MM|user:U" -> micro-USD held
 * PREFIX:{team:T}:YYYY-MM:spent   HASH  "team", "user:U" -> settled micro-USD
 * PREFIX:{team:T}:YYYY-MM:limit   HASH  "team", "user:U" -> limit last checked
 * PREFIX:{team:T}:YYYY-MM:ledger  HASH  "user|target|model|{req,in,cin,out,cost,alt}" -> totals
 * PREFIX:{team:T}:settled:ID      STRING marker, expires after 1 day (idempotent settle)
 * PREFIX:spend:YYYY-MM:teams      SET   teams with spend that month
 * </pre>
 */
final class BudgetKeys {
    private final String prefix;

    BudgetKeys(String prefix) {
        this.prefix = prefix;
    }

    private String tag(String team) {
        return prefix + ":{team:" + team + "}";
    }

    String resv(String team) {
        return tag(team) + ":resv";
    }

    String resvExp(String team) {
        return tag(team) + ":resv:exp";
    }

    String held(String team) {
        return tag(team) + ":held";
    }

    String spent(String team, YearMonth month) {
        return tag(team) + ":" + month + ":spent";
    }

    String limits(String team, YearMonth month) {
        return tag(team) + ":" + month + ":limit";
    }

    String ledger(String team, YearMonth month) {
        return tag(team) + ":" + month + ":ledger";
    }

    String settled(String team, String reservationId) {
        return tag(team) + ":settled:" + reservationId;
    }

    String teamsIndex(YearMonth month) {
        return prefix + ":spend:" + month + ":teams";
    }
}
