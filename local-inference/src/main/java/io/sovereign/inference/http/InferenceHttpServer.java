package io.sovereign.inference.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.sovereign.inference.auth.ApiKeyCheck;
import io.sovereign.inference.engine.GenerationEngine;
import io.sovereign.inference.openai.Api;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small Netty HTTP/1.1 server in front of {@link Api}: one I/O thread, plus a bounded worker pool for request
 * work that may take milliseconds (template rendering, tokenizing, embedding). Generation itself runs on the
 * engine thread. A closed connection cancels its generation.
 */
public final class InferenceHttpServer implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService workers;
    private final Channel channel;

    public InferenceHttpServer(String host, int port, Api api, int workerThreads) throws InterruptedException {
        this(host, port, api, workerThreads, new ApiKeyCheck(Optional.empty()), 30, 60);
    }

    public InferenceHttpServer(
            String host,
            int port,
            Api api,
            int workerThreads,
            ApiKeyCheck auth,
            int readTimeoutSeconds,
            int idleTimeoutSeconds)
            throws InterruptedException {
        this.workers = new ThreadPoolExecutor(
                workerThreads, workerThreads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
                    Thread t = new Thread(null, r, "request-worker", GenerationEngine.NATIVE_STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                });
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionDeadlines deadlines = new ConnectionDeadlines(readTimeoutSeconds, idleTimeoutSeconds);
                        ch.pipeline()
                                .addLast(
                                        deadlines,
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(MAX_BODY_BYTES),
                                        new RequestHandler(api, workers, auth, deadlines));
                    }
                });
        this.channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        workers.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
