package io.sovereign.gateway.budget;

import java.util.Map;
import tools.jackson.core.io.JsonStringEncoder;

/** JSON and CSV renderings of a {@link SpendReport} (field names from the spend API contract). */
final class SpendReportFormat {
    static final String CSV_HEADER = "month,dimension,key,spent_micro_usd,reserved_micro_usd,limit_micro_usd,"
            + "requests,input_tokens,output_tokens,savings_micro_usd";

    private SpendReportFormat() {}

    static String json(SpendReport r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"month\":\"").append(r.month()).append('"');
        section(sb, "teams", r.teams());
        section(sb, "users", r.users());
        section(sb, "targets", r.targets());
        section(sb, "models", r.models());
        return sb.append('}').toString();
    }

    private static void section(StringBuilder sb, String name, Map<String, SpendTotals> entries) {
        sb.append(",\"").append(name).append("\":{");
        boolean first = true;
        for (Map.Entry<String, SpendTotals> e : entries.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            SpendTotals t = e.getValue();
            jsonString(sb, e.getKey());
            sb.append(":{\"spent_micro_usd\":")
                    .append(t.spentMicros())
                    .append(",\"reserved_micro_usd\":")
                    .append(t.reservedMicros())
                    .append(",\"limit_micro_usd\":")
                    .append(t.limitMicros() == null ? "null" : t.limitMicros())
                    .append(",\"requests\":")
                    .append(t.requests())
                    .append(",\"input_tokens\":")
                    .append(t.inputTokens())
                    .append(",\"output_tokens\":")
                    .append(t.outputTokens())
                    .append(",\"savings_micro_usd\":")
                    .append(t.savingsMicros())
                    .append('}');
        }
        sb.append('}');
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }

    /** One line per (dimension, key); dimension is team, user, target or model; an empty limit means none. */
    static String csv(SpendReport r) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        csvSection(sb, r, "team", r.teams());
        csvSection(sb, r, "user", r.users());
        csvSection(sb, r, "target", r.targets());
        csvSection(sb, r, "model", r.models());
        return sb.toString();
    }

    private static void csvSection(StringBuilder sb, SpendReport r, String dimension, Map<String, SpendTotals> m) {
        for (Map.Entry<String, SpendTotals> e : m.entrySet()) {
            SpendTotals t = e.getValue();
            sb.append(r.month())
                    .append(',')
                    .append(dimension)
                    .append(',')
                    .append(csvField(e.getKey()))
                    .append(',')
                    .append(t.spentMicros())
                    .append(',')
                    .append(t.reservedMicros())
                    .append(',')
                    .append(t.limitMicros() == null ? "" : t.limitMicros().toString())
                    .append(',')
                    .append(t.requests())
                    .append(',')
                    .append(t.inputTokens())
                    .append(',')
                    .append(t.outputTokens())
                    .append(',')
                    .append(t.savingsMicros())
                    .append('\n');
        }
    }

    /** RFC 4180 quoting, and a leading quote against spreadsheet formula injection (=, +, -, @). */
    private static String csvField(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
