package io.sovereign.gateway.classify;

/** A cheap detector: scans one normalised text and reports hits in normalised coordinates. */
interface Detector {

    void scan(NormalizedText t, Sink sink);

    /** Receives hits; the classifier maps them to findings with the detector's id and level. */
    interface Sink {
        void hit(String kind, int start, int end);
    }
}
