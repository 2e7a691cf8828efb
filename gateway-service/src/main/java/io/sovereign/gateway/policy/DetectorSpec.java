package io.sovereign.gateway.policy;

import java.util.List;
import java.util.Map;

import io.sovereign.gateway.classify.Level;

/** A detector as the policy configures it: id, level, and its kind-specific options (terms, threshold, ...). */
public record DetectorSpec(String id, Level level, List<String> terms, Double threshold, List<String> examples,
                           List<String> allowDomains, Map<String, Object> options) {

    public DetectorSpec {
        terms = List.copyOf(terms);
        examples = List.copyOf(examples);
        allowDomains = List.copyOf(allowDomains);
        options = Map.copyOf(options);
    }
}
