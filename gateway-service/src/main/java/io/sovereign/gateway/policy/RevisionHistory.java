package io.sovereign.gateway.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Each policy revision this gateway loaded (or refused) since it started, newest last, for
 * {@code GET /admin/policy/revisions}. Bounded: past {@code capacity} the oldest entries are dropped, except the
 * entry of the live revision, which is always kept. In-process only: each replica answers for what it loaded.
 */
public final class RevisionHistory {

    /**
     * What became of a loaded file. {@code CANDIDATE}: the candidate policy in shadow
     * ({@code gateway.policies.candidate-file}); a candidate replaced by a newer one, or whose file was removed, is
     * {@code SUPERSEDED} like a former live revision.
     */
    public enum State {
        LIVE,
        SUPERSEDED,
        REFUSED,
        CANDIDATE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One load attempt; {@code revision} is the file's content hash (refused files have one too), reason only when refused. */
    public record Entry(String revision, Instant loadedAt, String source, State state, String reason) {}

    public static final int DEFAULT_CAPACITY = 100;

    private final int capacity;
    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RevisionHistory(int capacity, Clock clock) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** A revision went live; the one live before it is now superseded. */
    public synchronized void live(String revision, String source) {
        List<Entry> all = new ArrayList<>(entries);
        entries.clear();
        for (Entry e : all) {
            entries.add(
                    e.state() == State.LIVE
                            ? new Entry(e.revision(), e.loadedAt(), e.source(), State.SUPERSEDED, null)
                            : e);
        }
        add(new Entry(revision, clock.instant(), source, State.LIVE, null));
    }

    /** A candidate revision went into shadow; the candidate before it (if any) is now superseded. */
    public synchronized void candidate(String revision, String source) {
        endCandidate();
        add(new Entry(revision, clock.instant(), source, State.CANDIDATE, null));
    }

    /** The shadow ended (the candidate file was removed): its revision is superseded. */
    public synchronized void endCandidate() {
        List<Entry> all = new ArrayList<>(entries);
        entries.clear();
        for (Entry e : all) {
            entries.add(
                    e.state() == State.CANDIDATE
                            ? new Entry(e.revision(), e.loadedAt(), e.source(), State.SUPERSEDED, null)
                            : e);
        }
    }

    /** A file was refused; {@code bytes} may be null when it could not even be read. */
    public synchronized void refused(byte[] bytes, String source, String reason) {
        add(new Entry(
                bytes == null ? null : PolicyParser.revision(bytes), clock.instant(), source, State.REFUSED, reason));
    }

    private void add(Entry entry) {
        entries.addLast(entry);
        while (entries.size() > capacity) {
            Entry oldest = entries.pollFirst();
            if (oldest.state() == State.LIVE) { // never forget what is live: put it back as the oldest kept
                Entry next = entries.pollFirst();
                entries.addFirst(oldest);
                if (next == null) {
                    break;
                }
            }
        }
    }

    /** Oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
