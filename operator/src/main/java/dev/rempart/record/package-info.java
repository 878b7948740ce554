/**
 * The record (addendum clause 4.6): a hash-chained log of what Rempart saw and did, one JSON line
 * per entry. Pure: it formats, chains, parses and verifies lines, and never reads or writes
 * anything itself (enforced by {@code LayeringTest}); {@code dev.rempart.recorder} carries the
 * lines to standard output and S3, the command line reads them back for {@code record verify}.
 *
 * <p>{@code docs/record.md} documents the format, the canonical form that is hashed and what a
 * verification proves.
 */
package dev.rempart.record;
