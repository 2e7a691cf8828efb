package io.sovereign.gateway.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.sovereign.gateway.error.ErrorBody;

/**
 * Netty's HTTP codec answers requests it cannot decode itself (headers too large: 431, request line too long:
 * 414, not HTTP: 400), with an empty body. This gives those answers the OpenAI error body every other error
 * has, so SDKs report the reason. The gateway's own responses always have a body and pass untouched.
 */
final class CodecErrorBodies extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse r
                && !r.content().isReadable()
                && !r.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            byte[] body =
                    switch (r.status().code()) {
                        case 431 ->
                            ErrorBody.of(
                                    "The request's headers are larger than the gateway accepts.",
                                    "invalid_request_error",
                                    "request_header_fields_too_large",
                                    null);
                        case 414 ->
                            ErrorBody.of(
                                    "The request line (method and URL) is longer than the gateway accepts.",
                                    "invalid_request_error",
                                    "uri_too_long",
                                    null);
                        case 400 ->
                            ErrorBody.of(
                                    "The request is not valid HTTP/1.1 and could not be read.",
                                    "invalid_request_error",
                                    "malformed_request",
                                    null);
                        case 413 ->
                            ErrorBody.of(
                                    "The request is larger than the gateway accepts.",
                                    "invalid_request_error",
                                    "request_too_large",
                                    null);
                        default -> null;
                    };
            if (body != null) {
                FullHttpResponse withBody = r.replace(Unpooled.wrappedBuffer(body));
                r.release();
                withBody.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                withBody.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                ctx.write(withBody, promise);
                return;
            }
        }
        ctx.write(msg, promise);
    }
}
