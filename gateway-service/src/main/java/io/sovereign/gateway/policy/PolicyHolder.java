package io.sovereign.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live policy revision. Watches the policy file's DIRECTORY (a Kubernetes ConfigMap update swaps a
 * symlink, which a watch on the file itself never sees) and swaps a valid new revision in atomically;
 * requests in flight keep the revision they started with. An invalid file is refused, logged with every
 * violation, and the last good revision stays live.
 */
public final class PolicyHolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyHolder.class);

    /** Outcome of one reload attempt, for metrics. */
    public enum ReloadResult {
        SUCCESS,
        FAILURE,
        UNCHANGED
    }

    private final Path file;
    private final PolicyParser parser;
    private final AtomicReference<Policy> current = new AtomicReference<>();
    private final java.util.List<Consumer<ReloadResult>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile byte[] lastBytes = new byte[0];
    private volatile PolicyFileWatch watch;
    private final RevisionHistory history =
            new RevisionHistory(RevisionHistory.DEFAULT_CAPACITY, java.time.Clock.systemUTC());

    /** Loads the file once; a bad file at start is fatal (there is no last good revision to keep). */
    public PolicyHolder(Path file, PolicyParser parser) throws IOException, PolicyException {
        this.file = file.toAbsolutePath().normalize();
        this.parser = parser;
        byte[] bytes = Files.readAllBytes(this.file);
        current.set(parser.parse(bytes));
        lastBytes = bytes;
        history.live(current.get().revision(), this.file.toString());
        log.info(
                "policy {} loaded from {} (revision {})",
                this.file.getFileName(),
                this.file,
                current.get().revision());
    }

    public Policy current() {
        return current.get();
    }

    /** Every revision loaded or refused since start (GET /admin/policy/revisions). */
    public RevisionHistory history() {
        return history;
    }

    public Path file() {
        return file;
    }

    /** Called after every reload attempt that changed something (metrics). */
    public void addReloadListener(Consumer<ReloadResult> listener) {
        listeners.add(listener);
    }

    private void notify(ReloadResult result) {
        listeners.forEach(l -> l.accept(result));
    }

    /** Re-reads the file now; used by the watcher and by tests. */
    public synchronized ReloadResult reload() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            log.warn(
                    "policy reload refused: cannot read {} ({}); revision {} stays live",
                    file,
                    e.getMessage(),
                    current.get().revision());
            history.refused(null, file.toString(), "cannot read the file: " + e.getMessage());
            notify(ReloadResult.FAILURE);
            return ReloadResult.FAILURE;
        }
        if (Arrays.equals(bytes, lastBytes)) {
            return ReloadResult.UNCHANGED;
        }
        try {
            Policy next = parser.parse(bytes);
            Policy previous = current.getAndSet(next);
            lastBytes = bytes;
            history.live(next.revision(), file.toString());
            log.info("policy reloaded: revision {} -> {}", previous.revision(), next.revision());
            notify(ReloadResult.SUCCESS);
            return ReloadResult.SUCCESS;
        } catch (PolicyException e) {
            lastBytes = bytes; // do not re-report the same bad file on every event
            log.warn(
                    "policy reload refused, revision {} stays live; {}",
                    current.get().revision(),
                    e.getMessage());
            history.refused(bytes, file.toString(), e.getMessage());
            notify(ReloadResult.FAILURE);
            return ReloadResult.FAILURE;
        }
    }

    /** Starts watching the directory on a daemon thread. */
    public void watch() throws IOException {
        watch = new PolicyFileWatch(file, this::reload, "policy-watcher");
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}
