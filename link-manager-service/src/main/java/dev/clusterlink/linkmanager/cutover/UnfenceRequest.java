package dev.clusterlink.linkmanager.cutover;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which cutover fences to lift.
 *
 * @param principals the principals whose fences are lifted; every fence of the link when
 * {@code null}
 */
public record UnfenceRequest(@Nullable List<String> principals) {
}
