package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a topic detector on a JVM without ORT_DISABLE_TELEMETRY=1 must be refused when the policy loads
 * (DetectorSettings.problems, which the policy parser reports with its path), never fail per request.
 */
class TelemetryGuardTest {

    @Test
    void theGuardNamesTheVariable() {
        assertNull(MiniLmEmbedder.telemetryProblem("1"));
        for (String v : new String[] {null, "", "0", "true"}) {
            String p = MiniLmEmbedder.telemetryProblem(v);
            assertTrue(p.contains("ORT_DISABLE_TELEMETRY=1"), p);
        }
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> MiniLmEmbedder.requireTelemetryOff(null));
        assertTrue(e.getMessage()
                .startsWith("semantic topic detectors need the environment variable ORT_DISABLE_TELEMETRY=1"));
    }

    @Test
    void thisJvmHasItSoTopicSettingsAreValid() {
        // the tests run with ORT_DISABLE_TELEMETRY=1 (.ci/run and the helper rules export it)
        assertEquals("1", System.getenv("ORT_DISABLE_TELEMETRY"));
        assertEquals(
                List.of(),
                DetectorSettings.semantic("topics", Level.CONFIDENTIAL, 0.3, List.of("layoffs"))
                        .problems());
    }
}
