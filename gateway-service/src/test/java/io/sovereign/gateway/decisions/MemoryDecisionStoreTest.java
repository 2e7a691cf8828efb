package io.sovereign.gateway.decisions;

import java.time.Clock;

class MemoryDecisionStoreTest extends DecisionStoreContract {
    @Override
    DecisionStore newStore(DecisionRetention retention, Clock clock) {
        return new MemoryDecisionStore(retention, clock);
    }
}
