package io.sovereign.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Runs policy test cases (a request plus the expected rule/target/level) against a policy file. */
final class PolicyTestRunner {

    private PolicyTestRunner() {
    }

    static int run(Path policyFile, Path casesDir, PrintStream out, PrintStream err) throws IOException {
        err.println("policy test: not available yet");
        return 2;
    }
}
