package dev.clusterlink.linkmanager.cutover;

import java.util.List;

import dev.clusterlink.linkmanager.mirror.MirrorSelection;
import org.jspecify.annotations.Nullable;

/**
 * A cutover: the mirrors (exactly one of {@code mirrors}, {@code pattern}, {@code all},
 * as for batch actions), an optional fence of the source's writers, a dry run, and how
 * long to wait for the promotions.
 *
 * @param mirrors mirror topic names
 * @param pattern a glob over mirror topic names
 * @param all every mirror of the link
 * @param fence principals to deny WRITE on the source topics first, or {@code null}
 * @param dryRun list what would happen and change nothing
 * @param timeoutSeconds how long to wait for every promotion (default 300, 1 to 3600)
 */
public record CutoverRequest(@Nullable List<String> mirrors, @Nullable String pattern, @Nullable Boolean all,
		@Nullable Fence fence, @Nullable Boolean dryRun, @Nullable Integer timeoutSeconds) {

	/**
	 * Writers to fence on the source.
	 *
	 * @param principals Kafka principals, e.g. {@code User:app}
	 */
	public record Fence(@Nullable List<String> principals) {
	}

	MirrorSelection selection() {
		return new MirrorSelection(this.mirrors, this.pattern, this.all);
	}

}
