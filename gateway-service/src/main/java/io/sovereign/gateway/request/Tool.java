package io.sovereign.gateway.request;

/** A tool the caller offers the model: its kind ({@code function}, ...) and name (null when it has none). */
public record Tool(String type, String name) {}
