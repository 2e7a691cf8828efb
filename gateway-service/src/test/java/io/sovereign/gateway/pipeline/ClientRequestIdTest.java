package io.sovereign.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRequestIdTest {

    @Test
    void theCallersIdIsSanitisedAndCapped() {
        assertThat(PipelineEntryFilter.clientRequestId("trace-123")).isEqualTo("trace-123");
        assertThat(PipelineEntryFilter.clientRequestId("a b\"<c>\u0000")).isEqualTo("abc");
        assertThat(PipelineEntryFilter.clientRequestId("x".repeat(5000)))
                .hasSize(PipelineEntryFilter.MAX_CLIENT_REQUEST_ID);
        assertThat(PipelineEntryFilter.clientRequestId("<>\"")).isNull();
        assertThat(PipelineEntryFilter.clientRequestId(null)).isNull();
    }

    @Test
    void everyRequestGetsItsOwnMintedId() {
        assertThat(PipelineEntryFilter.newRequestId())
                .isNotEqualTo(PipelineEntryFilter.newRequestId())
                .hasSize(36);
    }
}
