package io.sovereign.inference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.sovereign.inference.metrics.Metrics;
import io.sovereign.inference.openai.ResponseSink;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes one response to a Netty channel; the close of the channel before the end runs the disconnect action. */
final class NettySink implements ResponseSink {
    private final Channel channel;
    private final boolean keepAlive;
    private final String endpoint;
    private final Metrics metrics;
    private final boolean head;
    private final long startNanos = System.nanoTime();
    private ChannelFutureListener disconnectListener;
    private boolean done;

    private final Runnable sent;

    NettySink(Channel channel, boolean keepAlive, String endpoint, Metrics metrics, boolean head, Runnable sent) {
        this.sent = sent;
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.endpoint = endpoint;
        this.metrics = metrics;
        this.head = head;
    }

    @Override
    public synchronized void json(int status, String body, Map<String, String> headers) {
        full(status, "application/json", body, headers);
    }

    @Override
    public synchronized void text(int status, String contentType, String body) {
        full(status, contentType, body, Map.of());
    }

    private void full(int status, String contentType, String body, Map<String, String> headers) {
        if (done) return;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        headers.forEach((k, v) -> response.headers().set(k, v));
        HttpUtil.setKeepAlive(response, keepAlive);
        finish(status);
        var future = channel.writeAndFlush(response);
        future.addListener(f -> sent.run());
        if (!keepAlive) future.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public synchronized void startEvents() {
        if (done) return;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        HttpUtil.setKeepAlive(response, keepAlive);
        channel.writeAndFlush(response);
    }

    @Override
    public synchronized void event(String data) {
        if (done) return;
        channel.writeAndFlush(
                new DefaultHttpContent(Unpooled.copiedBuffer("data: " + data + "\n\n", StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized void endEvents() {
        if (done) return;
        channel.write(new DefaultHttpContent(Unpooled.copiedBuffer("data: [DONE]\n\n", StandardCharsets.UTF_8)));
        finish(200);
        var future = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        future.addListener(f -> sent.run());
        if (!keepAlive) future.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public synchronized void onDisconnect(Runnable action) {
        if (done) return;
        disconnectListener = f -> {
            synchronized (this) {
                if (done) return;
                done = true;
                // 499: the client closed the connection first (nginx's convention)
                metrics.request(endpoint, 499, (System.nanoTime() - startNanos) / 1e9);
            }
            action.run();
        };
        channel.closeFuture().addListener(disconnectListener);
    }

    private void finish(int status) {
        done = true;
        if (disconnectListener != null) {
            channel.closeFuture().removeListener(disconnectListener);
        }
        metrics.request(endpoint, status, (System.nanoTime() - startNanos) / 1e9);
    }
}
