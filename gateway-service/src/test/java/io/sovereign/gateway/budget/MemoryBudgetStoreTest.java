package io.sovereign.gateway.budget;

/** The budget contract on the in-process store. */
class MemoryBudgetStoreTest extends BudgetStoreContract {
    @Override
    BudgetStore newStore() {
        return new MemoryBudgetStore();
    }
}
