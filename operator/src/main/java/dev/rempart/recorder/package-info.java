/**
 * Carries the record ({@code dev.rempart.record}) to where it is kept: {@link
 * dev.rempart.recorder.Recorder} batches the events the operator reports, chains them and writes
 * each batch to its sinks (standard output, an S3 bucket under Object Lock in COMPLIANCE mode),
 * then persists the chain's head through a {@link dev.rempart.recorder.ChainHeadStore}. Used by the
 * operator and the command line alike, so it knows neither (enforced by {@code LayeringTest}).
 */
package dev.rempart.recorder;
