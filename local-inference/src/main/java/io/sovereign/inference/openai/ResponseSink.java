package io.sovereign.inference.openai;

import java.util.Map;

/** Where an endpoint writes its answer: one JSON body, or a stream of server-sent events. Thread-safe. */
public interface ResponseSink {
    void json(int status, String body, Map<String, String> headers);

    default void json(int status, String body) {
        json(status, body, Map.of());
    }

    void text(int status, String contentType, String body);

    /** Starts a 200 text/event-stream response. */
    void startEvents();

    /** Sends {@code data: <data>\n\n}. */
    void event(String data);

    /** Sends {@code data: [DONE]} and ends the response. */
    void endEvents();

    /** Runs {@code action} when the client goes away before the answer is complete. */
    void onDisconnect(Runnable action);
}
