package io.sovereign.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Starts what {@link GatewayTest} asks for, injects it, and keeps it in the JUnit store of its scope (class or test),
 * which closes the gateway and then the stubs when the scope ends, pass or fail.
 */
public final class GatewayExtension
        implements BeforeAllCallback, BeforeEachCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GatewayExtension.class);
    private static final String KEY = "gateway";

    /** One scope's gateway (in process or forked) and its stubs by name; closing stops the gateway first. */
    record Running(GatewayHarness harness, GatewayProcess process, Map<String, OpenAiStub> stubs)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (harness != null) {
                    harness.close();
                }
                if (process != null) {
                    process.close();
                }
            } finally {
                stubs.values().stream().distinct().forEach(OpenAiStub::close);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<GatewayTest> spec =
                AnnotationSupport.findAnnotation(context.getRequiredTestClass(), GatewayTest.class);
        if (spec.isPresent()) {
            Running running = start(spec.get(), context, context.getRequiredTestClass());
            context.getStore(NAMESPACE).put(KEY, running);
            inject(context.getRequiredTestClass(), null, running);
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(KEY, Running.class);
        if (running != null) {
            inject(testInstance.getClass(), testInstance, running);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<GatewayTest> spec = AnnotationSupport.findAnnotation(context.getTestMethod(), GatewayTest.class);
        if (spec.isPresent()) {
            context.getStore(NAMESPACE).put(KEY, start(spec.get(), context, null));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == GatewayHarness.class
                || type == GatewayProcess.class
                || (type == OpenAiStub.class && parameter.isAnnotated(Stub.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(KEY, Running.class);
        if (running == null) {
            throw new IllegalStateException("no gateway in this scope: annotate the class or method with @GatewayTest");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == OpenAiStub.class) {
            return stub(
                    running,
                    parameter.findAnnotation(Stub.class).orElseThrow().value(),
                    parameter.getParameter().toString());
        }
        Object value = type == GatewayHarness.class ? running.harness() : running.process();
        if (value == null) {
            throw new IllegalStateException(parameter.getParameter() + ": this @GatewayTest runs "
                    + (running.harness() == null ? "a forked GatewayProcess" : "an in-process GatewayHarness"));
        }
        return value;
    }

    private static Running start(GatewayTest spec, ExtensionContext context, Class<?> configurer) {
        Map<String, OpenAiStub> stubs = new LinkedHashMap<>();
        try {
            switch (spec.stubs()) {
                case SEPARATE -> {
                    stubs.put("onprem", OpenAiStub.start("onprem"));
                    stubs.put("hosted", OpenAiStub.start("hosted"));
                }
                case SHARED -> {
                    OpenAiStub upstream = OpenAiStub.start("upstream");
                    stubs.put("upstream", upstream);
                    stubs.put("onprem", upstream);
                    stubs.put("hosted", upstream);
                }
                case ONPREM -> stubs.put("onprem", OpenAiStub.start("onprem"));
                case NONE -> {}
            }
            stubs.values().forEach(s -> s.echo(spec.echo()));
            if (spec.hostedOSeries()) {
                stub(stubs, "hosted", "@GatewayTest(hostedOSeries = true)").oSeries(true);
            }
            Path dir = Files.createTempDirectory("gateway-test");
            List<String[]> properties = new ArrayList<>();
            for (String p : spec.properties()) {
                int eq = p.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("@GatewayTest property '" + p + "' is not name=value");
                }
                properties.add(new String[] {p.substring(0, eq), resolve(p.substring(eq + 1), context, dir)});
            }
            return spec.forked()
                    ? new Running(null, fork(spec, stubs, dir, properties), stubs)
                    : new Running(inProcess(spec, stubs, dir, properties, configurer), null, stubs);
        } catch (IOException | RuntimeException e) {
            stubs.values().stream().distinct().forEach(OpenAiStub::close);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static GatewayHarness inProcess(
            GatewayTest spec, Map<String, OpenAiStub> stubs, Path dir, List<String[]> properties, Class<?> configurer) {
        GatewayHarness.Builder b =
                GatewayHarness.builder().dir(dir).hostedKey(spec.hostedKey()).onpremKey(spec.onpremKey());
        if (stubs.containsKey("onprem")) {
            b.onprem(stubs.get("onprem"));
        }
        if (stubs.containsKey("hosted")) {
            b.hosted(stubs.get("hosted"));
        }
        if (!spec.policy().isEmpty()) {
            b.policyFixture(spec.policy());
        }
        properties.forEach(p -> b.property(p[0], p[1]));
        if (configurer != null) {
            for (Method m : ReflectionSupport.findMethods(
                    configurer, m -> m.isAnnotationPresent(ConfigureGateway.class), HierarchyTraversalMode.TOP_DOWN)) {
                if (!Modifier.isStatic(m.getModifiers())
                        || m.getParameterCount() != 1
                        || m.getParameterTypes()[0] != GatewayHarness.Builder.class) {
                    throw new IllegalStateException(
                            "@ConfigureGateway " + m + " must be static and take a GatewayHarness.Builder");
                }
                try {
                    m.setAccessible(true);
                    m.invoke(null, b);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        return b.start();
    }

    private static GatewayProcess fork(
            GatewayTest spec, Map<String, OpenAiStub> stubs, Path dir, List<String[]> properties) throws IOException {
        if (spec.stubs() != GatewayTest.Stubs.SEPARATE || !spec.policy().isEmpty()) {
            throw new IllegalArgumentException(
                    "@GatewayTest(forked = true) runs the default policy with separate stubs");
        }
        GatewayProcess.writeConfig(dir, stubs.get("hosted"), stubs.get("onprem"));
        return GatewayProcess.start(
                dir, properties.stream().map(p -> p[0] + "=" + p[1]).toList());
    }

    private static String resolve(String value, ExtensionContext context, Path dir) {
        if (value.contains("{redis.url}")) {
            RedisServerProcess redis = RedisExtension.current(context);
            if (redis == null) {
                throw new IllegalStateException(
                        "{redis.url} needs @WithRedis declared before @GatewayTest in the same scope");
            }
            value = value.replace("{redis.url}", redis.url());
        }
        return value.replace("{dir}", dir.toString());
    }

    private static OpenAiStub stub(Running running, String name, String where) {
        return stub(running.stubs(), name, where);
    }

    private static OpenAiStub stub(Map<String, OpenAiStub> stubs, String name, String where) {
        OpenAiStub s = stubs.get(name);
        if (s == null) {
            throw new IllegalStateException(where + ": no stub '" + name + "' here (stubs: " + stubs.keySet() + ")");
        }
        return s;
    }

    /** Static fields when {@code instance} is null, instance fields otherwise. */
    private static void inject(Class<?> testClass, Object instance, Running running) {
        for (Field f : ReflectionSupport.findFields(
                testClass,
                f -> Modifier.isStatic(f.getModifiers()) == (instance == null),
                HierarchyTraversalMode.TOP_DOWN)) {
            Object value = null;
            if (f.getType() == GatewayHarness.class) {
                value = running.harness();
            } else if (f.getType() == GatewayProcess.class) {
                value = running.process();
            } else if (f.getType() == OpenAiStub.class && f.isAnnotationPresent(Stub.class)) {
                value = stub(running, f.getAnnotation(Stub.class).value(), f.toString());
            }
            if (value != null) {
                try {
                    f.setAccessible(true);
                    f.set(instance, value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot inject " + f, e);
                }
            }
        }
    }
}
