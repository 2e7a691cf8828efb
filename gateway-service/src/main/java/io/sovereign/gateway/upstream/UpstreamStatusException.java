package io.sovereign.gateway.upstream;

/** A target answered with a status that may be failed over (5xx, 429) before anything reached the caller. */
final class UpstreamStatusException extends RuntimeException {

    private final int status;

    UpstreamStatusException(int status) {
        super("upstream answered HTTP " + status, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
