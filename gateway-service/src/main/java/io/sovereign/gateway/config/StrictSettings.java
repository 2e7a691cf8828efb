package io.sovereign.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Makes a mistyped {@code gateway.*} setting a startup error instead of a silent no-op (an unbound
 * {@code gateway.auth.api-key-file} would otherwise leave the gateway without its keys). The known names are
 * read from every {@code @ConfigurationProperties} type registered in the context whose prefix is {@code gateway}
 * or below it, so a capability that adds a settings record is covered without a list kept by hand. Every
 * enumerable property source is checked: command line, system properties, config files and the environment
 * (where Kubernetes' service links such as {@code GATEWAY_SERVICE_HOST} are not settings and are skipped).
 */
final class StrictSettings implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String PREFIX = "gateway";

    /** Variables Kubernetes injects for a Service named gateway or gateway-*: not ours, never an error. */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "GATEWAY[A-Z0-9_]*_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_[A-Z]+)?)?)");

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SettingsTree known = SettingsTree.group();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            ConfigurationProperties annotation = annotation(beanFactory, name);
            if (annotation == null) {
                continue;
            }
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            Class<?> type = beanFactory.getType(name, false);
            if (type != null && (prefix.equals(PREFIX) || prefix.startsWith(PREFIX + "."))) {
                known.declare(prefix.substring(PREFIX.length()).split("\\."), type);
            }
        }
        List<String> problems = unknown(environment, known);
        if (!problems.isEmpty()) {
            throw new GatewayConfiguration.StartupException(
                    "unknown setting" + (problems.size() > 1 ? "s" : "")
                            + " under gateway.*: " + String.join("; ", problems)
                            + " (a mistyped name would be ignored, so the gateway refuses to start; README 'Configuration' lists the settings)");
        }
    }

    /** Each unknown name with where it came from and, when one is close, the known name it was probably meant to be. */
    static List<String> unknown(ConfigurableEnvironment environment, SettingsTree known) {
        Set<String> problems = new LinkedHashSet<>();
        Set<String> knownNames = new TreeSet<>();
        known.names(PREFIX, knownNames);
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)
                    || "configurationProperties".equals(source.getName())) {
                continue;
            }
            boolean env = source instanceof SystemEnvironmentPropertySource;
            for (String raw : enumerable.getPropertyNames()) {
                List<String> elements = env ? environmentElements(raw) : propertyElements(raw);
                if (elements != null && !known.accepts(elements, 1)) {
                    String hint = closest(raw, knownNames, env);
                    problems.add(
                            raw + " (" + source.getName() + ")" + (hint == null ? "" : ", did you mean " + hint + "?"));
                }
            }
        }
        return new ArrayList<>(problems);
    }

    /** {@code GATEWAY_AUTH_API_KEYS_FILE} -> [gateway, auth, api, keys, file]; null when not a gateway setting. */
    private static List<String> environmentElements(String raw) {
        if (!raw.startsWith(PREFIX.toUpperCase(Locale.ROOT) + "_")
                || SERVICE_LINK.matcher(raw).matches()) {
            return null;
        }
        List<String> elements = new ArrayList<>();
        for (String part : raw.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                elements.add(part);
            }
        }
        return elements;
    }

    /** {@code gateway.auth.oidc.issuerUri} or {@code ...issuer-uri} -> uniform elements; null when not a gateway setting. */
    private static List<String> propertyElements(String raw) {
        if (!raw.regionMatches(true, 0, PREFIX + ".", 0, PREFIX.length() + 1)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(raw, '.');
        if (name.isEmpty()) {
            return null;
        }
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            elements.add(
                    name.isNumericIndex(i)
                            ? name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL)
                            : name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
        }
        return elements;
    }

    private static String closest(String raw, Set<String> knownNames, boolean env) {
        String wanted = uniform(raw);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : knownNames) {
            int d = distance(wanted, uniform(candidate));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best == null || bestDistance > Math.max(2, wanted.length() / 5)) {
            return null;
        }
        return env ? best.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') : best;
    }

    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static ConfigurationProperties annotation(ConfigurableListableBeanFactory beanFactory, String name) {
        BeanDefinition definition = beanFactory.getBeanDefinition(name);
        if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
            var onMethod = annotated.getFactoryMethodMetadata().getAnnotations().get(ConfigurationProperties.class);
            if (onMethod.isPresent()) {
                return onMethod.synthesize();
            }
        }
        Class<?> type = beanFactory.getType(name, false);
        return type == null ? null : AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
    }
}
