package io.sovereign.gateway.stream;

import io.sovereign.gateway.error.ErrorBody;
import java.time.Duration;

/**
 * When the upstream goes quiet for the idle timeout, the status line is long gone: the caller learns of the
 * stall in the stream itself, as an OpenAI-style error event, before the gateway closes it. First in the
 * chain, so later handlers (a translator) see the error as an upstream error chunk.
 */
public final class IdleTimeoutNotice implements StreamHandler {

    private final String targetName;
    private final Duration idleTimeout;

    public IdleTimeoutNotice(String targetName, Duration idleTimeout) {
        this.targetName = targetName;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        next.emit(event);
    }

    @Override
    public void onEnd(StreamEnd end, Downstream next) {
        if (end == StreamEnd.IDLE_TIMEOUT) {
            next.emit(StreamEvent.ofData(ErrorBody.of(
                    "Target '" + targetName + "' sent nothing for " + idleTimeout.toSeconds()
                            + " s; the stream was closed by the gateway.",
                    "api_error",
                    "upstream_idle_timeout",
                    null)));
        }
    }
}
