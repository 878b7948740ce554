/**
 * The few fields Rempart reads of Trivy Operator's resources ({@code aquasecurity.github.io}). They
 * are not Rempart's own kinds: no CRD is generated from them, and every field Rempart does not read
 * is dropped on reading (a VulnerabilityReport's titles, descriptions and links are most of its
 * size).
 */
package dev.rempart.api.trivy;
