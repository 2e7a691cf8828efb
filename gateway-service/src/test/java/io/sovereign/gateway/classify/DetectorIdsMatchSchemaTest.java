package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sovereign.gateway.testsupport.GatewayHarness;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** One list of built-in detector ids (DetectorKind): the schema and the shipped policy name exactly those. */
class DetectorIdsMatchSchemaTest {

    @Test
    void schemaListsExactlyTheBuiltInDetectors() throws Exception {
        JsonNode schema = JsonMapper.builder()
                .build()
                .readTree(Files.readString(GatewayHarness.repoRoot().resolve("policies/policy.schema.json")));
        List<String> ids = new ArrayList<>();
        schema.get("properties")
                .get("classification")
                .get("properties")
                .get("detectors")
                .get("properties")
                .propertyNames()
                .forEach(ids::add);
        assertEquals(DetectorKind.BUILTIN_IDS, ids);
    }

    @Test
    void shippedPolicyGivesEveryBuiltInDetectorALevel() throws Exception {
        JsonNode policy = YAMLMapper.builder()
                .build()
                .readTree(Files.readString(GatewayHarness.repoRoot().resolve("policies/default.yaml")));
        List<String> ids = new ArrayList<>();
        policy.get("classification").get("detectors").propertyNames().forEach(ids::add);
        assertEquals(
                DetectorKind.BUILTIN_IDS,
                ids.stream().filter(DetectorKind.BUILTIN_IDS::contains).toList());
    }
}
