package io.sovereign.gateway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static method of a class-level {@link GatewayTest} class, taking the {@link GatewayHarness.Builder}: called after
 * the annotation's settings are applied and before the gateway starts, for what an annotation cannot say (a thousand
 * keys, a policy with values the test computes).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConfigureGateway {}
