package dev.clusterlink.linkmanager.web;

import java.util.List;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * The one way every list of the API is paged: {@code page} from 0, {@code size} from 1,
 * clamped to {@link PageResponse#MAX_SIZE}. A negative page or a size below 1 is a 400
 * {@code validation-failed} naming the parameter. Lists read from PostgreSQL page in the
 * query; the order must be total (a unique key last) so that pages neither overlap nor
 * leave gaps.
 */
public final class Paging {

	/** The page size when the client asks for none. */
	public static final String DEFAULT_SIZE = "50";

	/** OpenAPI text of the {@code page} parameter. */
	public static final String PAGE_DOC = "page number, from 0";

	/** OpenAPI text of the {@code size} parameter. */
	public static final String SIZE_DOC = "items per page, from 1; more than 500 is clamped to 500";

	private Paging() {
	}

	/**
	 * A page request in a stable order.
	 * @param page the page number from 0
	 * @param size the page size from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @param sort the order; must end with a unique key
	 * @return the request
	 * @throws ApiException {@code validation-failed} naming {@code page} or {@code size}
	 */
	public static PageRequest request(int page, int size, Sort sort) {
		if (page < 0) {
			throw ApiException.invalidField("page", "must be 0 or more");
		}
		if (size < 1) {
			throw ApiException.invalidField("size", "must be 1 or more");
		}
		return PageRequest.of(page, Math.min(size, PageResponse.MAX_SIZE), sort);
	}

	/**
	 * One page of a list that is already in memory (and in its order): for lists that do
	 * not come from one query.
	 * @param all the whole list, in a stable order
	 * @param page the page number from 0
	 * @param size the page size from 1 (clamped)
	 * @param <T> the item type
	 * @return the page
	 */
	public static <T> PageResponse<T> inMemory(List<T> all, int page, int size) {
		PageRequest request = request(page, size, Sort.unsorted());
		int from = (int) Math.min(request.getOffset(), all.size());
		int to = Math.min(from + request.getPageSize(), all.size());
		return PageResponse.of(new PageImpl<>(all.subList(from, to), request, all.size()), (item) -> item);
	}

}
