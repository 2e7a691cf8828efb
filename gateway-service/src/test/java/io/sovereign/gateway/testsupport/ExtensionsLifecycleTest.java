package io.sovereign.gateway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The two extensions, run through the JUnit launcher on small test classes of their own: what they inject is
 * running during the tests, and stopped (ports closed, process gone) once the class or method is over.
 */
class ExtensionsLifecycleTest {

    static final List<RedisServerProcess> REDIS_SEEN = new ArrayList<>();
    static final List<Integer> PORTS_SEEN = new ArrayList<>();

    /** Run only through the launcher below (surefire skips nested classes). */
    @WithRedis
    static class OneRedisPerClass {
        static RedisServerProcess redis;

        @Test
        void first() {
            assertThat(redis.command("PING")).startsWith("+PONG");
            REDIS_SEEN.add(redis);
        }

        @Test
        @WithRedis(persistence = WithRedis.Persistence.AOF_ALWAYS)
        void aMethodGetsItsOwn(RedisServerProcess own) {
            assertThat(own).isNotSameAs(redis);
            assertThat(own.command("CONFIG GET appendfsync")).contains("always");
            REDIS_SEEN.add(own);
        }
    }

    /** Run only through the launcher below. */
    static class GatewayPerMethod {
        @Test
        @GatewayTest(stubs = GatewayTest.Stubs.SHARED, hostedKey = "")
        void theGatewayAnswersThroughItsStub(GatewayHarness gateway, @Stub("upstream") OpenAiStub upstream) {
            assertThat(gateway.post(
                                    "/v1/chat/completions",
                                    GatewayHarness.ALICE_KEY,
                                    "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(upstream.received()).hasSize(1);
            PORTS_SEEN.add(gateway.port());
            PORTS_SEEN.add(URI.create(upstream.baseUrl()).getPort());
        }
    }

    static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @Test
    void redisServersRunDuringTheirScopeAndAreGoneAfter() {
        REDIS_SEEN.clear();
        TestExecutionSummary summary = run(OneRedisPerClass.class);
        assertThat(summary.getFailures()).as("failures of the inner class").isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(REDIS_SEEN).hasSize(2).noneMatch(RedisServerProcess::isRunning);
    }

    @Test
    void theGatewayAndItsStubsAreStoppedAfterTheTest() {
        PORTS_SEEN.clear();
        TestExecutionSummary summary = run(GatewayPerMethod.class);
        assertThat(summary.getFailures()).as("failures of the inner class").isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(PORTS_SEEN)
                .hasSize(2)
                .allSatisfy(port -> assertThat(accepts(port)).as("port " + port).isFalse());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
