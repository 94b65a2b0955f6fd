package dev.clusterlink.linkmanager.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/**
 * One page of a long list.
 *
 * @param items the items of this page
 * @param page the page number, from 0
 * @param size the page size
 * @param totalItems how many items there are in all
 * @param totalPages how many pages there are
 * @param <T> the item type
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	/** The largest page size a client may ask for. */
	public static final int MAX_SIZE = 500;

	public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
		return new PageResponse<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

}
