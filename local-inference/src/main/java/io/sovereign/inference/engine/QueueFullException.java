package io.sovereign.inference.engine;

/** Admission control refused a request: every sequence slot is busy and the wait queue is full. */
public final class QueueFullException extends Exception {
    private final int retryAfterSeconds;

    public QueueFullException(int queued, int retryAfterSeconds) {
        super("the server is at capacity (" + queued + " requests already queued); retry in " + retryAfterSeconds
                + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
