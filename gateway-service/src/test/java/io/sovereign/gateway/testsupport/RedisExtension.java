package io.sovereign.gateway.testsupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Starts the {@code redis-server} that {@link WithRedis} asks for and keeps it in the JUnit store of the scope it
 * belongs to (class or test), which closes it when that scope ends, pass or fail.
 */
public final class RedisExtension
        implements BeforeAllCallback, BeforeEachCallback, TestInstancePostProcessor, ParameterResolver {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);
    private static final String KEY = "redis";

    @Override
    public void beforeAll(ExtensionContext context) {
        WithRedis spec = classSpec(context).orElse(null);
        if (spec != null && !spec.perTest()) {
            RedisServerProcess redis = start(spec);
            context.getStore(NAMESPACE).put(KEY, redis);
            inject(context.getRequiredTestClass(), null, redis);
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        RedisServerProcess redis = context.getStore(NAMESPACE).get(KEY, RedisServerProcess.class);
        if (redis != null) {
            inject(testInstance.getClass(), testInstance, redis);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<WithRedis> onMethod = AnnotationSupport.findAnnotation(context.getTestMethod(), WithRedis.class);
        Optional<WithRedis> perTest = classSpec(context).filter(WithRedis::perTest);
        WithRedis spec = onMethod.or(() -> perTest).orElse(null);
        if (spec != null) {
            RedisServerProcess redis = start(spec);
            context.getStore(NAMESPACE).put(KEY, redis);
            if (onMethod.isEmpty()) {
                inject(context.getRequiredTestClass(), context.getRequiredTestInstance(), redis);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RedisServerProcess redis = context.getStore(NAMESPACE).get(KEY, RedisServerProcess.class);
        if (redis == null) {
            throw new IllegalStateException(
                    "no redis-server in this scope: annotate the class or method with @WithRedis");
        }
        return redis;
    }

    /** The running server of this scope (or an enclosing one), for {@link GatewayExtension}'s {@code {redis.url}}. */
    static RedisServerProcess current(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(KEY, RedisServerProcess.class);
    }

    private static Optional<WithRedis> classSpec(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithRedis.class);
    }

    private static RedisServerProcess start(WithRedis spec) {
        if (spec.cluster()) {
            if (spec.persistence() != WithRedis.Persistence.NONE) {
                throw new IllegalArgumentException("@WithRedis(cluster = true) runs without persistence");
            }
            return RedisServerProcess.startClusterNode();
        }
        return switch (spec.persistence()) {
            case NONE -> RedisServerProcess.start();
            case AOF_EVERYSEC -> RedisServerProcess.startWithAof("everysec");
            case AOF_ALWAYS -> RedisServerProcess.startDurable();
        };
    }

    /** Static fields when {@code instance} is null, instance fields otherwise. */
    private static void inject(Class<?> testClass, Object instance, RedisServerProcess redis) {
        for (Field f : ReflectionSupport.findFields(
                testClass,
                f -> f.getType() == RedisServerProcess.class
                        && Modifier.isStatic(f.getModifiers()) == (instance == null),
                HierarchyTraversalMode.TOP_DOWN)) {
            try {
                f.setAccessible(true);
                f.set(instance, redis);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot inject " + f, e);
            }
        }
    }
}
