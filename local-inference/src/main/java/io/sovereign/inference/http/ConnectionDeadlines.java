package io.sovereign.inference.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.sovereign.inference.error.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a connection may hold the server without work (slowloris): the first byte of a request starts a
 * read deadline by which its headers and body must all have arrived (else 408 and close), and a connection with no
 * request in flight is closed after the idle timeout. While a request is being answered (a long generation, a
 * stream) neither applies. Sits first in the pipeline so it sees raw bytes, before the HTTP codec.
 */
final class ConnectionDeadlines extends ChannelInboundHandlerAdapter {
    private enum State {
        IDLE,
        READING,
        ANSWERING
    }

    private final long readNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;

    ConnectionDeadlines(long readTimeoutSeconds, long idleTimeoutSeconds) {
        this.readNanos = TimeUnit.SECONDS.toNanos(readTimeoutSeconds);
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        arm(idleNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING;
            arm(readNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** The whole request has arrived: it is being answered now. Any thread. */
    void requestReceived() {
        ctx.executor().execute(() -> {
            state = State.ANSWERING;
            cancel();
        });
    }

    /** The answer is written: the connection waits for the next request. Any thread. */
    void responseSent() {
        ctx.executor().execute(() -> {
            if (state == State.ANSWERING) {
                state = State.IDLE;
                arm(idleNanos);
            }
        });
    }

    private void arm(long nanos) {
        cancel();
        State armedFor = state;
        timer = ctx.executor().schedule(() -> expire(armedFor), nanos, TimeUnit.NANOSECONDS);
    }

    private void expire(State armedFor) {
        if (state != armedFor || !ctx.channel().isActive()) {
            return;
        }
        if (state == State.READING) {
            ApiError e = ApiError.requestTimeout(
                    "the request was not received in full within " + TimeUnit.NANOSECONDS.toSeconds(readNanos) + " s");
            byte[] body = e.toJson().getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // from the channel's tail, so the HTTP encoder after this handler writes it
            ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
