package dev.quiesce.agent.spec;

/**
 * A spec as read, with where its name was written so that a duplicate can be pointed at.
 *
 * @param spec   the spec
 * @param nameAt where {@code name} was given, or null when the name is the default
 */
record ParsedSpec(ProbeSpec spec, Origin nameAt) {
}
