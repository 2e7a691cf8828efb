package io.sovereign.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a configuration mistake at start into a short, actionable report instead of a stack trace. */
public class StartupFailureAnalyzer extends AbstractFailureAnalyzer<GatewayConfiguration.StartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GatewayConfiguration.StartupException cause) {
        return new FailureAnalysis(
                cause.getMessage(), "Fix the setting or file named above and start the gateway again.", null);
    }
}
