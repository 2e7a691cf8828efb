package io.sovereign.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.classify.DetectorSettings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The detector settings issue 12 added to the policy: phone regions and the company's own token rules. */
class DetectorPolicyTest {

    private static final String HEAD = """
            version: 1
            targets:
              onprem: { location: onprem, url: "http://gpu:8000/v1", model: gpt-oss-20b }
            sovereignty: { external_max_level: internal }
            classification:
              detectors:
            """;
    private static final String RULES = """
            rules:
              - { name: all, route: onprem }
            """;

    private static Policy parse(String detectors) throws PolicyException {
        return new PolicyParser(name -> null).parse((HEAD + detectors + RULES).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ownTokenRulesAndRegionsParse() throws Exception {
        Policy p = parse("""
                    secret: { level: restricted, rules: [ { id: acme-api-key, pattern: 'acme_[a-z0-9]{32}', keywords: [acme_], entropy: 3.0 } ] }
                    phone: { level: confidential, regions: [DE, FR, IN] }
                """);
        DetectorSettings secret = p.detectors().get("secret");
        assertThat(secret.tokenRules()).hasSize(1);
        assertThat(secret.tokenRules().get(0).kind()).isEqualTo("ACME_API_KEY");
        assertThat(p.detectors().get("phone").regionsOrDefault()).containsExactly("DE", "FR", "IN");
    }

    @Test
    void badRulesAndRegionsAreReportedWithTheirPath() {
        assertThatThrownBy(() -> parse("""
                    secret: { level: restricted, rules: [ { id: acme, pattern: '(x', keywords: [acme] } ] }
                    phone: { level: confidential, regions: [XX] }
                    email: { level: confidential, regions: [DE] }
                """))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v)
                                .contains("classification.detectors.secret.rules[0].pattern")
                                .contains("not a valid regular expression"))
                        .anySatisfy(v -> assertThat(v)
                                .contains("classification.detectors.phone.regions[0]")
                                .contains("unknown region 'XX'"))
                        .anySatisfy(v -> assertThat(v)
                                .contains("classification.detectors.email.regions")
                                .contains("only the phone detector")));
    }

    @Test
    void aRuleWithoutKeywordsIsRefused() {
        assertThatThrownBy(() -> parse("""
                    secret: { level: restricted, rules: [ { id: acme, pattern: 'acme_[a-z]{8}', keywords: [] } ] }
                """))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v).contains("secret.rules[0].keywords")));
    }
}
