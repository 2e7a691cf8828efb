package io.sovereign.gateway.store;

/** The store (Redis) did not answer in time or is down; the gateway maps it to 503 with this message. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
