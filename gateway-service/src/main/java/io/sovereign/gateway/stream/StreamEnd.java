package io.sovereign.gateway.stream;

/** How an answer ended; every end settles the reservation, and all but {@link #CALLER_GONE} may still write. */
public enum StreamEnd {
    /** The upstream finished its body. */
    COMPLETE,
    /** The upstream failed after the answer began (reset, bad bytes); the connection is aborted after what handlers emit. */
    UPSTREAM_FAILED,
    /** The caller went away: nothing can be written, but what was generated is still charged. */
    CALLER_GONE,
    /** The upstream sent nothing for the idle timeout; the gateway closes the stream itself. */
    IDLE_TIMEOUT;

    /** Whether events emitted at this end reach the caller. */
    public boolean writable() {
        return this != CALLER_GONE;
    }
}
