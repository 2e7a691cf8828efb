package io.sovereign.gateway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real {@code redis-server} ({@link RedisServerProcess}) on a free port for a test class (one server for all its
 * tests, or a fresh one per test with {@link #perTest()}) or for one test method, stopped and its data dir deleted
 * afterwards. It is injected into fields of type {@link RedisServerProcess} (static or not) and into parameters of
 * that type. Declare it before {@link GatewayTest} on a class whose gateway uses it: the gateway's properties may
 * then say {@code {redis.url}}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisExtension.class)
public @interface WithRedis {

    /** How the server persists: the budget tests need AOF to show what a SIGKILL keeps. */
    enum Persistence {
        /** No persistence (fast). */
        NONE,
        /** AOF with {@code appendfsync everysec}. */
        AOF_EVERYSEC,
        /** AOF with {@code appendfsync always}: a SIGKILL loses no acknowledged write. */
        AOF_ALWAYS
    }

    Persistence persistence() default Persistence.NONE;

    /** A single-node Redis Cluster owning all slots: a script touching two hash slots fails CROSSSLOT. */
    boolean cluster() default false;

    /** On a class: a fresh server for every test (injected into instance fields) instead of one per class. */
    boolean perTest() default false;
}
