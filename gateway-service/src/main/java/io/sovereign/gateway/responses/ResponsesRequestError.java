package io.sovereign.gateway.responses;

/**
 * A Responses request the gateway cannot translate: the caller gets a 400 with this message and the
 * OpenAI {@code param} it names (e.g. {@code input[2].call_id}). Plain Java so the translators stay free
 * of web types; the front-end maps it to the gateway's invalid-request error.
 */
public final class ResponsesRequestError extends RuntimeException {

    private final String param;

    public ResponsesRequestError(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request field at fault, in OpenAI's path notation, or null when the whole body is. */
    public String param() {
        return param;
    }
}
