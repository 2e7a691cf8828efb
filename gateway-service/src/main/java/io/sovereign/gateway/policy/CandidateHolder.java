package io.sovereign.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The candidate policy in shadow ({@code gateway.policies.candidate-file}): loaded, checked and reloaded exactly like
 * the live file (the same parser and checks, the same directory watch), and recorded in the same
 * {@link RevisionHistory} as {@code candidate}. A bad candidate is refused with its reason and the last good candidate
 * (if any) stays in shadow, as a bad live file leaves the last good live revision; the live policy is never touched.
 * The file may be absent at start; removing it ends the shadow.
 */
public final class CandidateHolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CandidateHolder.class);

    private final Path file;
    private final PolicyParser parser;
    private final RevisionHistory history;
    private final AtomicReference<Policy> current = new AtomicReference<>();
    private volatile byte[] lastBytes;
    private volatile String lastRefusal;
    private volatile java.time.Instant loadedAt;
    private volatile PolicyFileWatch watch;

    /** Reads the file now if it exists; a bad or missing one is no startup error (there is simply no shadow). */
    public CandidateHolder(Path file, PolicyParser parser, RevisionHistory history) {
        this.file = file.toAbsolutePath().normalize();
        this.parser = parser;
        this.history = history;
        reload();
    }

    /** The candidate in shadow, or null (no file, or nothing valid loaded from it yet). */
    public Policy current() {
        return current.get();
    }

    /** When the candidate in shadow was loaded (the shadow report counts from then). */
    public java.time.Instant loadedAt() {
        return loadedAt;
    }

    public Path file() {
        return file;
    }

    /** Why there is no candidate in shadow (for the 404 of {@code GET /admin/policy/shadow}). */
    public String absence() {
        if (!Files.exists(file)) {
            return "no candidate policy file at " + file + " (gateway.policies.candidate-file)";
        }
        String refusal = lastRefusal;
        return "the candidate policy " + file + " was refused: " + (refusal == null ? "not loaded yet" : refusal);
    }

    /** Re-reads the file now; used by the watcher and by tests. */
    public synchronized PolicyHolder.ReloadResult reload() {
        if (!Files.exists(file)) {
            lastBytes = null;
            lastRefusal = null;
            Policy ended = current.getAndSet(null);
            if (ended == null) {
                return PolicyHolder.ReloadResult.UNCHANGED;
            }
            history.endCandidate();
            log.info("candidate policy {} removed: the shadow of revision {} ended", file, ended.revision());
            return PolicyHolder.ReloadResult.SUCCESS;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return refuse(null, "cannot read the file: " + e.getMessage());
        }
        if (Arrays.equals(bytes, lastBytes)) {
            return PolicyHolder.ReloadResult.UNCHANGED;
        }
        lastBytes = bytes; // a bad file is reported once, not on every event
        try {
            Policy next = parser.parse(bytes);
            loadedAt = java.time.Instant.now();
            current.set(next);
            lastRefusal = null;
            history.candidate(next.revision(), file.toString());
            log.info("candidate policy {} in shadow (revision {})", file, next.revision());
            return PolicyHolder.ReloadResult.SUCCESS;
        } catch (PolicyException e) {
            return refuse(bytes, e.getMessage());
        }
    }

    private PolicyHolder.ReloadResult refuse(byte[] bytes, String reason) {
        lastRefusal = reason;
        Policy kept = current.get();
        log.warn(
                "candidate policy {} refused ({}); {}",
                file,
                reason,
                kept == null ? "no candidate in shadow" : "candidate " + kept.revision() + " stays in shadow");
        history.refused(bytes, file.toString(), reason);
        return PolicyHolder.ReloadResult.FAILURE;
    }

    /** Starts watching the file's directory, as the live policy's is. */
    public void watch() throws IOException {
        Files.createDirectories(file.getParent());
        watch = new PolicyFileWatch(file, this::reload, "candidate-policy-watcher");
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}
