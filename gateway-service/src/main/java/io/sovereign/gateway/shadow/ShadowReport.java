package io.sovereign.gateway.shadow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a candidate policy would have done differently, aggregated over requests: how many were compared, how many
 * came out the same, and each distinct change (from, to) with its count and a few request ids to look up. Bounded:
 * at most {@link #MAX_SAMPLES} ids per change and {@link #MAX_CHANGES} distinct changes (beyond that they are counted
 * in {@code other_changes}). Thread-safe. The live shadow and the offline replay ({@code policy diff}) both fill one,
 * so their answers have one shape.
 */
public final class ShadowReport {

    public static final int MAX_SAMPLES = 5;
    public static final int MAX_CHANGES = 200;

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String candidateRevision;
    private final Instant since;
    private final Set<String> liveRevisions = new LinkedHashSet<>();
    private final Map<List<ShadowSide>, Change> changes = new LinkedHashMap<>();
    private long requests;
    private long same;
    private long otherChanges;
    private long costDeltaMicros;

    private static final class Change {
        long count;
        final List<String> samples = new ArrayList<>(MAX_SAMPLES);
    }

    public ShadowReport(String candidateRevision, Instant since) {
        this.candidateRevision = candidateRevision;
        this.since = since;
    }

    public String candidateRevision() {
        return candidateRevision;
    }

    /** One request decided by both policies; {@code costDeltaMicros} is the candidate's cost minus the live one. */
    public synchronized void add(
            String liveRevision, String requestId, ShadowSide from, ShadowSide to, long costDeltaMicros) {
        requests++;
        if (liveRevision != null) {
            liveRevisions.add(liveRevision);
        }
        costDeltaMicros = Math.addExact(this.costDeltaMicros, costDeltaMicros);
        this.costDeltaMicros = costDeltaMicros;
        if (from.equals(to)) {
            same++;
            return;
        }
        List<ShadowSide> key = List.of(from, to);
        Change c = changes.get(key);
        if (c == null) {
            if (changes.size() >= MAX_CHANGES) {
                otherChanges++;
                return;
            }
            c = new Change();
            changes.put(key, c);
        }
        c.count++;
        if (c.samples.size() < MAX_SAMPLES && requestId != null) {
            c.samples.add(requestId);
        }
    }

    public synchronized long requests() {
        return requests;
    }

    public synchronized long same() {
        return same;
    }

    public synchronized long differing() {
        return requests - same;
    }

    /**
     * {@code GET /admin/policy/shadow}'s answer; {@code currentLive} names the live revision when no request was
     * compared yet. Changes are listed most frequent first.
     */
    public synchronized ObjectNode toJson(String currentLive) {
        ObjectNode o = JSON.createObjectNode();
        o.put("live_revision", liveRevisions.isEmpty() ? currentLive : String.join(",", liveRevisions));
        o.put("candidate_revision", candidateRevision);
        o.put("since", since == null ? null : since.toString());
        o.put("requests", requests);
        o.put("same", same);
        o.put("differing", requests - same);
        ArrayNode list = o.putArray("changes");
        changes.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<List<ShadowSide>, Change> e) -> -e.getValue().count))
                .forEach(e -> {
                    ObjectNode c = list.addObject();
                    e.getKey().get(0).writeTo(c.putObject("from"));
                    e.getKey().get(1).writeTo(c.putObject("to"));
                    c.put("count", e.getValue().count);
                    ArrayNode ids = c.putArray("sample_request_ids");
                    e.getValue().samples.forEach(ids::add);
                });
        if (otherChanges > 0) {
            o.put("other_changes", otherChanges);
        }
        o.put("estimated_cost_delta_micro_usd", costDeltaMicros);
        return o;
    }
}
