package io.sovereign.gateway.auth.oidc;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text up to a bound: a longer one (announced or actual) fails the request and
 * cancels the download, so a hostile or broken identity provider cannot make the gateway buffer without limit.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

    private final URI uri;
    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(URI uri, int maxBytes, long announcedLength) {
        this.uri = uri;
        this.maxBytes = maxBytes;
        if (announcedLength > maxBytes) {
            result.completeExceptionally(tooLarge());
        }
    }

    private IllegalStateException tooLarge() {
        return new IllegalStateException(uri + " answered more than " + maxBytes / 1024 + " KB; refused");
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + buffer.remaining() > maxBytes) {
                result.completeExceptionally(tooLarge());
                subscription.cancel();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
