package io.sovereign.gateway.policy;

/** Where a target runs: inside the company (data may go there) or outside (subject to the external ceiling). */
public enum Location {
    ONPREM,
    EXTERNAL;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
