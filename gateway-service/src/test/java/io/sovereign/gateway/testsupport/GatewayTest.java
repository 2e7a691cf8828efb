package io.sovereign.gateway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real OpenAI-speaking upstream stubs ({@link OpenAiStub}) and a real gateway in front of them, pointed at them by
 * the policy's target URLs: in process ({@link GatewayHarness}) or as the jar in a child process
 * ({@link GatewayProcess}, {@link #forked()}). On a class: one set for all its tests, injected into static fields
 * ({@code GatewayHarness}/{@code GatewayProcess} by type, stubs by {@link Stub}). On a method: a set for that test,
 * injected into its parameters. Everything is closed when the scope ends. Extra builder calls (keys, computed
 * settings) go in a static {@link ConfigureGateway} method of the test class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GatewayExtension.class)
public @interface GatewayTest {

    /** Which stubs stand in for the policy's two targets. */
    enum Stubs {
        /** {@code onprem} and {@code hosted}, one stub each. */
        SEPARATE,
        /** One stub named {@code upstream} behind both targets. */
        SHARED,
        /** Only {@code onprem}; the hosted target points at a closed port. */
        ONPREM,
        /** No stubs; both targets point at a closed port. */
        NONE
    }

    /** A fixture under {@code src/test/resources/policies/}; empty means the shipped {@code policies/default.yaml}. */
    String policy() default "";

    /**
     * Gateway settings as {@code name=value}. {@code {redis.url}} is the URL of the {@link WithRedis} server of the
     * scope; {@code {dir}} is the gateway's temp dir (policy, keys, audit file).
     */
    String[] properties() default {};

    Stubs stubs() default Stubs.SEPARATE;

    /** The hosted stub rejects max_tokens, temperature and friends as OpenAI's o-series does. */
    boolean hostedOSeries() default false;

    /** The stubs answer with the last user message (see {@link OpenAiStub#echo}). */
    boolean echo() default false;

    /** The hosted target's key; empty makes the target unavailable, as with OPENAI_API_KEY unset. */
    String hostedKey() default GatewayHarness.HOSTED_KEY;

    /** The on-prem target's key; empty sends none. */
    String onpremKey() default "";

    /** The real jar in a child process (for a SIGKILL), with the default policy; injected as {@link GatewayProcess}. */
    boolean forked() default false;
}
