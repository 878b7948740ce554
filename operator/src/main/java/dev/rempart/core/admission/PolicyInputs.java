package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.controls.encryption.ClassesAtRest;
import java.util.List;
import java.util.Map;

/**
 * What the compiled checks need besides the written object: facts about other objects, read from
 * the snapshot when the policy is generated (admission cannot read them) and compiled into it by
 * value. A change to them regenerates the policy.
 *
 * @param spec the baseline's spec
 * @param classes the StorageClasses known not to encrypt, and the default one
 * @param namespacesByEnvironment for each isolated environment, its namespaces
 */
public record PolicyInputs(
    SecurityBaselineSpec spec,
    ClassesAtRest classes,
    Map<String, List<String>> namespacesByEnvironment) {}
