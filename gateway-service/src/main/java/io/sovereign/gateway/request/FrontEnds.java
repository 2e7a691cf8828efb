package io.sovereign.gateway.request;

import java.util.List;

/** The front-ends the gateway serves, found by the path a request came in on. */
public final class FrontEnds {

    private final List<FrontEnd> all;
    private final FrontEnd fallback;

    /** @param fallback the front-end of a path no other claims (the gateway's routes only let API paths through) */
    public FrontEnds(List<FrontEnd> all, FrontEnd fallback) {
        this.all = List.copyOf(all);
        this.fallback = fallback;
    }

    public FrontEnd forPath(String path) {
        for (FrontEnd f : all) {
            if (path.endsWith(f.path())) {
                return f;
            }
        }
        return fallback;
    }

    /** The front-end of one API, or null when the gateway does not serve it. */
    public FrontEnd forApi(Api api) {
        for (FrontEnd f : all) {
            if (f.api() == api) {
                return f;
            }
        }
        return null;
    }
}
