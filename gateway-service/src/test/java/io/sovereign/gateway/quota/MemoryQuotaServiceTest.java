package io.sovereign.gateway.quota;

/** The quota contract on in-process buckets. */
class MemoryQuotaServiceTest extends QuotaServiceContract {
    @Override
    QuotaService newService() {
        return new MemoryQuotaService();
    }
}
