package io.sovereign.gateway.decide;

import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.RequestContent;

/** The classifier as the adjudicator calls it: a seam so its fail-closed handling is tested with failing ones. */
public interface Classifying {

    Classification classify(RequestContent content, Level skipSemanticAt, long deadlineNanos);

    /** Whether it may run the semantic model (seconds of CPU on long texts: never on the event loop). */
    boolean hasSemantic();

    static Classifying of(Classifier classifier) {
        return new Classifying() {
            @Override
            public Classification classify(RequestContent content, Level skipSemanticAt, long deadlineNanos) {
                return classifier.classify(content, skipSemanticAt, deadlineNanos);
            }

            @Override
            public boolean hasSemantic() {
                return classifier.hasSemantic();
            }
        };
    }
}
