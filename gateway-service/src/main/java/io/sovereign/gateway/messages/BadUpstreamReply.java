package io.sovereign.gateway.messages;

/**
 * The target's chat completion cannot be read as an answer (no choices, no message). The caller's request was
 * fine, so this is the gateway's 502 {@code api_error}, not the caller's 400.
 */
public final class BadUpstreamReply extends RuntimeException {

    public BadUpstreamReply(String problem) {
        super("The target's answer could not be translated: " + problem + ".", null, false, false);
    }
}
