package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.classify.ClassifierSettings;
import java.util.function.Function;

/** One classifier per policy revision, built when a revision is first used and kept while it is live. */
public final class PolicyClassifiers implements Function<Policy, Classifier> {

    private volatile Policy builtFor;
    private volatile Classifier classifier;

    @Override
    public Classifier apply(Policy policy) {
        if (policy != builtFor) {
            synchronized (this) {
                if (policy != builtFor) {
                    classifier = new Classifier(settings(policy));
                    builtFor = policy;
                }
            }
        }
        return classifier;
    }

    static ClassifierSettings settings(Policy policy) {
        return new ClassifierSettings(policy.detectors()).withUninspectable(policy.uninspectableLevel());
    }
}
