package io.sovereign.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.sovereign.gateway.error.ErrorBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a caller whose request headers do not arrive in full within {@code timeout} of their first byte
 * (slowloris trickles them a byte at a time, which resets any idle timer). One instance per connection, in two
 * handlers: one before the HTTP codec sees the first byte of each request, one after it sees the headers
 * complete (and the response end, after which the next request's clock starts at its own first byte).
 * All on the connection's event loop, so no locking.
 */
final class HeaderDeadline {

    private final long timeoutNanos;
    private boolean awaitingFirstByte = true;
    private ScheduledFuture<?> deadline;

    HeaderDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    ChannelInboundHandlerAdapter bytesHandler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (awaitingFirstByte && msg instanceof ByteBuf b && b.isReadable()) {
                    awaitingFirstByte = false;
                    deadline = ctx.executor().schedule(() -> timeOut(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }
        };
    }

    ChannelDuplexHandler requestsHandler() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    cancel();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent) {
                    awaitingFirstByte = true; // the next request's clock starts with its first byte
                }
                ctx.write(msg, promise);
            }
        };
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Headers incomplete, so the codec is mid-request: answer 408 in raw bytes below it, and close. */
    private void timeOut(ChannelHandlerContext ctx) {
        deadline = null;
        byte[] body = ErrorBody.of(
                "The request headers did not arrive within "
                        + Duration.ofNanos(timeoutNanos).toSeconds() + " s; the connection was closed.",
                "invalid_request_error",
                "request_timeout",
                null);
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
                        + body.length + "\r\nconnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head, body)).addListener(ChannelFutureListener.CLOSE);
    }
}
