package io.sovereign.gateway.server;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * The API port's connection rules: timeouts for slow clients ({@link ConnectionLimits}), and OpenAI-shaped bodies
 * on the errors Netty's HTTP codec answers by itself (431, 414, 400), before any gateway code sees a request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionLimits.class)
public class ServerConfiguration {

    @Bean
    NettyServerCustomizer connectionLimitsCustomizer(ConnectionLimits limits) {
        return server -> server.idleTimeout(limits.idleTimeout())
                .readTimeout(limits.readTimeout())
                .requestTimeout(limits.requestTimeout())
                .doOnChannelInit((observer, channel, remote) -> {
                    var pipeline = channel.pipeline();
                    if (pipeline.get(NettyPipeline.HttpCodec) == null) {
                        return; // not an HTTP/1.1 connection (nothing else is configured)
                    }
                    HeaderDeadline deadline = new HeaderDeadline(limits.headerTimeout());
                    pipeline.addFirst("gateway.headerDeadline.bytes", deadline.bytesHandler());
                    pipeline.addAfter(
                            NettyPipeline.HttpCodec, "gateway.headerDeadline.requests", deadline.requestsHandler());
                    pipeline.addAfter(NettyPipeline.HttpCodec, "gateway.codecErrorBodies", new CodecErrorBodies());
                });
    }
}
