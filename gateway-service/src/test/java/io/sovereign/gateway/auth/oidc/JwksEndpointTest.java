package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery and JWKS over real HTTP (two loopback servers = two origins): where keys may come from, and how much. */
class JwksEndpointTest {

    private HttpServer idp;
    private HttpServer elsewhere;
    private String issuer;
    private String jwks;

    @BeforeEach
    void start() throws Exception {
        jwks = new JWKSet(new RSAKeyGenerator(2048)
                        .keyID("k1")
                        .keyUse(KeyUse.SIGNATURE)
                        .generate()
                        .toPublicJWK())
                .toString();
        idp = server();
        elsewhere = server();
        issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/gateway";
        serve(elsewhere, "/certs", jwks);
    }

    @AfterEach
    void stop() {
        idp.stop(0);
        elsewhere.stop(0);
    }

    private static HttpServer server() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
        return server;
    }

    private static void serve(HttpServer server, String path, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private void discovery(String jwksUri) {
        serve(
                idp,
                "/realms/gateway/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"}");
    }

    private static Throwable failure(JwksEndpoint endpoint) {
        try {
            endpoint.get().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            return t.getCause() != null && t.getMessage() == null ? t.getCause() : t;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the fetch must fail");
    }

    @Test
    void discoveredKeysOnTheIssuersOriginAreFetched() throws Exception {
        serve(idp, "/realms/gateway/protocol/openid-connect/certs", jwks);
        discovery(issuer + "/protocol/openid-connect/certs");
        JWKSet keys =
                new JwksEndpoint(issuer, null, Duration.ofSeconds(5)).get().get(10, TimeUnit.SECONDS);
        assertThat(keys.getKeyByKeyId("k1")).isNotNull();
    }

    @Test
    void aDiscoveredJwksUriOnAnotherOriginIsRefused() {
        String foreign = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/certs";
        discovery(foreign);
        Throwable error = failure(new JwksEndpoint(issuer, null, Duration.ofSeconds(5)));
        assertThat(error)
                .hasMessageContaining("names jwks_uri " + foreign)
                .hasMessageContaining("not on the issuer's origin")
                .hasMessageContaining("gateway.auth.oidc.jwks-uri");
    }

    @Test
    void anExplicitlyConfiguredJwksUriMayLiveElsewhere() throws Exception {
        URI configured = URI.create("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/certs");
        JWKSet keys = new JwksEndpoint(issuer, configured, Duration.ofSeconds(5))
                .get()
                .get(10, TimeUnit.SECONDS);
        assertThat(keys.getKeyByKeyId("k1")).isNotNull();
    }

    @Test
    void anOversizedAnswerIsRefusedNotBuffered() {
        String huge = "{\"keys\":[],\"pad\":\"" + "x".repeat(JwksEndpoint.MAX_DOCUMENT_BYTES) + "\"}";
        serve(idp, "/realms/gateway/protocol/openid-connect/certs", huge);
        discovery(issuer + "/protocol/openid-connect/certs");
        assertThat(failure(new JwksEndpoint(issuer, null, Duration.ofSeconds(5))))
                .hasMessageContaining("answered more than 256 KB");
        // chunked, without a Content-Length: the bound holds while reading
        elsewhere.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
            try {
                for (int i = 0; i < 64; i++) {
                    exchange.getResponseBody().write(chunk);
                }
            } catch (java.io.IOException cancelled) {
                // the client hung up, as it should
            }
            exchange.close();
        });
        URI chunked = URI.create("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/chunked");
        assertThat(failure(new JwksEndpoint(issuer, chunked, Duration.ofSeconds(5))))
                .hasMessageContaining("answered more than 256 KB");
    }
}
