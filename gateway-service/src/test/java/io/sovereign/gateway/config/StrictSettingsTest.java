package io.sovereign.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.store.StoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Which names the strictness check accepts, from the settings records alone (no list kept by hand). */
class StrictSettingsTest {

    /** A capability's own settings record, as another package would add one under gateway.*. */
    record ExtraSettings(int maxThings, Map<String, String> labels, List<Item> items) {
        record Item(String name, java.time.Duration every) {}
    }

    private static SettingsTree known() {
        SettingsTree tree = SettingsTree.group();
        tree.declare(new String[] {""}, GatewayProperties.class);
        tree.declare(new String[] {"", "store"}, StoreProperties.class);
        tree.declare(new String[] {"", "extra"}, ExtraSettings.class);
        return tree;
    }

    private static List<String> unknown(Map<String, Object> env, Map<String, Object> props) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new MapPropertySource("commandLineArgs", props));
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment", env));
        return StrictSettings.unknown(environment, known());
    }

    @Test
    void declaredNamesInEveryRelaxedFormAreAccepted() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("gateway.dev-mode", "true");
        props.put("gateway.auth.oidc.issuerUri", "https://sso");
        props.put("gateway.auth.oidc.allowed-algorithms[0]", "RS256");
        props.put("gateway.store.on-error", "fail-open");
        props.put("gateway.extra.labels.any.key", "x");
        props.put("gateway.extra.items[2].every", "5s");
        props.put("logging.level.gateway", "WARN");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("GATEWAY_AUTH_API_KEYS_FILE", "/k");
        env.put("GATEWAY_AUTH_OIDC_JWKS_MIN_REFRESH_INTERVAL", "1s");
        env.put("GATEWAY_EXTRA_MAX_THINGS", "3");
        env.put("GATEWAY_EXTRA_ITEMS_0_NAME", "a");
        // Kubernetes service links for the Services gateway and gateway-pods
        env.put("GATEWAY_SERVICE_HOST", "10.0.0.1");
        env.put("GATEWAY_SERVICE_PORT_HTTP", "8080");
        env.put("GATEWAY_PORT", "tcp://10.0.0.1:8080");
        env.put("GATEWAY_PORT_8080_TCP_ADDR", "10.0.0.1");
        env.put("GATEWAY_PODS_SERVICE_PORT", "8080");
        env.put("PATH", "/usr/bin");
        assertThat(unknown(env, props)).isEmpty();
    }

    @Test
    void unknownNamesAreReportedWithTheirSourceAndASuggestion() {
        List<String> problems = unknown(
                Map.of("GATEWAY_STORE_TYPO", "redis", "GATEWAY_AUTH_API_KEY_FILE", "/k"),
                Map.of(
                        "gateway.auth.oidc.roles-claim",
                        "x",
                        "gateway.extra.items[0].colour",
                        "red",
                        "gateway.store.type.nested",
                        "x"));
        assertThat(problems).hasSize(5);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("gateway.auth.oidc.roles-claim (commandLineArgs)"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .isEqualTo("GATEWAY_AUTH_API_KEY_FILE (systemEnvironment), did you mean GATEWAY_AUTH_API_KEYS_FILE?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GATEWAY_STORE_TYPO (systemEnvironment)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gateway.extra.items[0].colour"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gateway.store.type.nested"));
    }
}
