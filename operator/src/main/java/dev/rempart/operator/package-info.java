/**
 * The operator: the edge that feeds the evaluation core from informer caches and carries out what
 * it decides. The reconciler only orchestrates — snapshot, evaluate, remediate, publish status —
 * and each step is its own class.
 */
package dev.rempart.operator;
