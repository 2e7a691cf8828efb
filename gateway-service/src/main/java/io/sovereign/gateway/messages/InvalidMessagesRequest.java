package io.sovereign.gateway.messages;

/**
 * A Messages request the gateway refuses before anything is forwarded: HTTP 400 with Anthropic's
 * {@code invalid_request_error}. The message starts with the field's path in Anthropic's own notation
 * ({@code messages.0.content.1.source}), so a caller sees which block is wrong.
 */
public final class InvalidMessagesRequest extends RuntimeException {

    public static final String TYPE = "invalid_request_error";

    private final String param;

    public InvalidMessagesRequest(String param, String problem) {
        super(param == null ? problem : param + ": " + problem, null, false, false);
        this.param = param;
    }

    /** The offending field's path, or null for the body as a whole. */
    public String param() {
        return param;
    }

    public String type() {
        return TYPE;
    }

    public int status() {
        return 400;
    }
}
