package dev.rempart.core;

/**
 * A namespace selected by two baselines. Only the older baseline acts there.
 *
 * @param namespace the namespace both select
 * @param otherBaseline the other baseline
 * @param thisBaselineActs true when the evaluated baseline is the older one
 */
public record Conflict(String namespace, String otherBaseline, boolean thisBaselineActs) {}
