package io.sovereign.gateway.quota;

import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.store.StoreErrors;

/** Quotas in this process only ({@code gateway.store.type=memory}): exact for one replica, lost on restart. */
public final class MemoryQuotaService extends BucketQuotaService {
    public MemoryQuotaService() {
        super(new LocalTokenBuckets(), StoreErrorMode.FAIL_CLOSED, new StoreErrors(null), "gw");
    }
}
