package io.sovereign.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure the README's architecture section describes, enforced: packages by capability form a DAG
 * (the web adapters in {@code pipeline} depend on the capabilities, never the reverse), {@code config} is the
 * composition root nothing imports, and the capability cores carry no Spring or Reactor types, so they are plain
 * Java that a test (or {@code policy test} on the command line) drives without a web server.
 */
class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sovereign.gateway");

    @Test
    void packagesFormADag() {
        slices().matching("io.sovereign.gateway.(*)..")
                .should()
                .beFreeOfCycles()
                .check(GATEWAY);
    }

    @Test
    void configIsTheCompositionRootThatNothingImports() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.sovereign.gateway.config..")
                .and()
                .doNotHaveFullyQualifiedName("io.sovereign.gateway.GatewayApplication")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.sovereign.gateway.config..")
                .check(GATEWAY);
    }

    @Test
    void theCapabilityCoresArePlainJava() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.sovereign.gateway.classify..",
                        "io.sovereign.gateway.policy..",
                        "io.sovereign.gateway.budget..",
                        "io.sovereign.gateway.quota..",
                        "io.sovereign.gateway.decide..",
                        "io.sovereign.gateway.request..",
                        "io.sovereign.gateway.money..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "reactor..")
                .because("the cores are decided in plain Java; the web adapters live in pipeline, upstream and stream")
                .check(GATEWAY);
    }
}
