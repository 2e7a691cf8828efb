package io.sovereign.gateway.upstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;

/**
 * Forwarding cannot bypass the egress guard: Spring Cloud Gateway's routing filter sends to whatever route (or
 * request URL) the exchange carries, so only {@link EgressGuard} may set them, pick a target's route, or hand an
 * upstream attempt down the chain from the upstream package.
 */
class EgressGuardArchTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sovereign.gateway");

    @Test
    void onlyTheGuardSetsTheRouteOrTheRequestUrl() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(EgressGuard.class.getName())
                .should()
                .accessField(ServerWebExchangeUtils.class, "GATEWAY_ROUTE_ATTR")
                .orShould()
                .accessField(ServerWebExchangeUtils.class, "GATEWAY_REQUEST_URL_ATTR")
                .because("the routing filter sends to whatever route the exchange carries; the egress guard sets it")
                .check(GATEWAY);
    }

    @Test
    void onlyTheGuardPicksATargetsRoute() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(EgressGuard.class.getName())
                .should()
                .callMethod(TargetRoutes.class, "routeFor", io.sovereign.gateway.policy.Target.class)
                .check(GATEWAY);
    }

    @Test
    void forwardingHandsAttemptsDownTheChainOnlyThroughTheGuard() {
        noClasses()
                .that()
                .resideInAPackage("io.sovereign.gateway.upstream..")
                .and()
                .doNotHaveFullyQualifiedName(EgressGuard.class.getName())
                .should()
                .callMethod(GatewayFilterChain.class, "filter", org.springframework.web.server.ServerWebExchange.class)
                .check(GATEWAY);
    }
}
