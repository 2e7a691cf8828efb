package io.sovereign.gateway.classify;

/** Deterministic, realistic-looking request bodies for the benchmark (prose, code, numbers; nothing sensitive). */
final class BenchData {
    private static final String[] USER = {
        "How do I configure connection pooling for a Spring Boot service that talks to PostgreSQL 16?",
        "The build fails with 'cannot find symbol' after upgrading to Java 17, here is the log excerpt.",
        "Write a SQL query that returns the top 10 customers by revenue in 2024, grouped by region.",
        "Explain the difference between a B-tree and an LSM tree for write-heavy workloads.",
    };
    private static final String ASSISTANT = "Sure. First, set spring.datasource.hikari.maximum-pool-size to match "
            + "the number of concurrent queries you expect, typically 10 to 20 for a 2-core service. Then check "
            + "the database's max_connections (default 100) so that every replica fits. Here is an example:\n"
            + "```yaml\nspring:\n  datasource:\n    url: jdbc:postgresql://db:5432/app\n    hikari:\n"
            + "      maximum-pool-size: 16\n      connection-timeout: 3000\n```\n"
            + "Version 4.0.7 of Spring Boot ships HikariCP 6.3.0; release 2025-11-20. Order 4410-2283-1192 and "
            + "request id 123e4567-e89b-12d3-a456-426614174000 are only examples. Monitor the pool with the "
            + "hikaricp_connections_active metric and alert when it stays above 90% for 5 minutes. ";
    private static final String[] WORDS = ("please also review the latency numbers for the new checkout flow and "
                    + "compare them with last week when we deployed version 2.14.3 to the eu-west cluster before noon")
            .split(" ");

    private BenchData() {}

    /** A chat body of about the given number of tokens (~4 chars a token). */
    static String conversationJson(int tokens) {
        StringBuilder b = new StringBuilder("{\"model\":\"auto\",\"messages\":[");
        b.append("{\"role\":\"system\",\"content\":\"You are a helpful engineering assistant. Answer concisely.\"}");
        int chars = 60;
        int i = 0;
        while (chars < tokens * 4) {
            String u = USER[i % USER.length];
            String a = ASSISTANT + "(turn " + i + ")";
            b.append(",{\"role\":\"user\",\"content\":").append(quote(u)).append('}');
            b.append(",{\"role\":\"assistant\",\"content\":").append(quote(a)).append('}');
            chars += u.length() + a.length();
            i++;
        }
        return b.append("]}").toString();
    }

    /** About 64 tokens of new text, different for every n. */
    static String newTurn(long n) {
        StringBuilder b = new StringBuilder("Follow-up " + n + ": ");
        for (int k = 0; k < 46; k++) {
            b.append(WORDS[(int) ((n * 7 + k * 13) % WORDS.length)]).append(' ');
        }
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
