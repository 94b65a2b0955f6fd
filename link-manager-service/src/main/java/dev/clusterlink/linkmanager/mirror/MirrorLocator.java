package dev.clusterlink.linkmanager.mirror;

import java.util.List;
import java.util.Optional;

import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.model.MirrorState;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Finds a mirror of a link by name, in a given direction or in either. A bidirectional
 * link keeps its reverse direction as a hidden twin row (DESIGN.md §11), so a mirror of
 * the link may live under either row; every feature that takes a link and a mirror name
 * finds it here. Call inside a transaction.
 */
@Component
class MirrorLocator {

	private final LinkService links;

	private final MirrorRepository mirrors;

	MirrorLocator(LinkService links, MirrorRepository mirrors) {
		this.links = links;
		this.mirrors = mirrors;
	}

	/**
	 * The mirror in the direction given, or in either: a bidirectional link may have a
	 * mirror of the same name in each direction (after a failback), and then the one that
	 * is not STOPPED is meant.
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param direction the direction to look in, or {@code null} for either
	 * @return the mirror and the direction it is in
	 * @throws MirrorNotFoundException when there is none
	 */
	Located locate(String linkName, String mirrorName, @Nullable LinkDirection direction) {
		return Located.pick(candidates(linkName, mirrorName, direction))
			.orElseThrow(() -> new MirrorNotFoundException(linkName, mirrorName));
	}

	/**
	 * Every mirror of that name in the direction given, or in both (forward first).
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param direction the direction to look in, or {@code null} for either
	 * @return the mirrors, possibly none
	 */
	List<Located> candidates(String linkName, String mirrorName, @Nullable LinkDirection direction) {
		return directions(linkName, direction).stream()
			.flatMap((link) -> this.mirrors.findByLinkIdAndName(link.id(), mirrorName)
				.map((mirror) -> new Located(link, mirror))
				.stream())
			.toList();
	}

	/**
	 * The link's directions to look in.
	 * @param linkName the link
	 * @param direction one direction, or {@code null} for both (one for a unidirectional
	 * link)
	 * @return the link rows
	 */
	List<LinkView> directions(String linkName, @Nullable LinkDirection direction) {
		return (direction != null) ? List.of(this.links.view(linkName, direction)) : this.links.directions(linkName);
	}

	/** A mirror and the direction of its link it belongs to. */
	record Located(LinkView link, MirrorEntity mirror) {

		/** The candidate that is not STOPPED, else the first (forward first). */
		static Optional<Located> pick(List<Located> candidates) {
			return candidates.stream()
				.filter((candidate) -> candidate.mirror().state() != MirrorState.STOPPED)
				.findFirst()
				.or(() -> candidates.stream().findFirst());
		}

	}

}
