/**
 * The pure evaluation core: baseline + snapshot + clock → findings + desired objects.
 *
 * <p>Nothing in this package (or below it) talks to a cluster, reads a file or knows about the
 * operator framework: the operator feeds it a snapshot from informer caches, the command line a
 * snapshot read from files. {@code CoreLayeringTest} fails the build if that changes.
 */
package dev.rempart.core;
