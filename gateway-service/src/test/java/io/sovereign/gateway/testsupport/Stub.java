package io.sovereign.gateway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Which {@link GatewayTest} stub a field or parameter of type {@link OpenAiStub} gets: onprem, hosted or upstream. */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Stub {
    String value();
}
