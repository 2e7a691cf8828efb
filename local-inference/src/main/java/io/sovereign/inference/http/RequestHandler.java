package io.sovereign.inference.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sovereign.inference.auth.ApiKeyCheck;
import io.sovereign.inference.error.ApiError;
import io.sovereign.inference.openai.Api;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/** Hands each request to {@link Api}, on the I/O thread for cheap routes and on a worker otherwise. */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Api api;
    private final ExecutorService workers;
    private final ApiKeyCheck auth;
    private final ConnectionDeadlines deadlines;

    RequestHandler(Api api, ExecutorService workers, ApiKeyCheck auth, ConnectionDeadlines deadlines) {
        this.api = api;
        this.workers = workers;
        this.auth = auth;
        this.deadlines = deadlines;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        String method = request.method().name();
        deadlines.requestReceived();
        NettySink sink = new NettySink(
                ctx.channel(),
                HttpUtil.isKeepAlive(request),
                Api.endpoint(path),
                api.metrics(),
                method.equals("HEAD"),
                deadlines::responseSent);
        if (!request.decoderResult().isSuccess()) {
            ApiError e = ApiError.invalid("malformed HTTP request", null);
            sink.json(e.status(), e.toJson());
            return;
        }
        if (!auth.allows(path, request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            ApiError e = ApiError.unauthorized();
            sink.json(e.status(), e.toJson(), e.headers());
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        if (Api.isCheap(path)) {
            api.handle(method, path, body, sink);
            return;
        }
        try {
            workers.execute(() -> api.handle(method, path, body, sink));
        } catch (RejectedExecutionException e) {
            ApiError busy = ApiError.overloaded("the server is at capacity; retry shortly", 1);
            sink.json(busy.status(), busy.toJson(), busy.headers());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
