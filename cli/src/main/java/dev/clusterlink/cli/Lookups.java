package dev.clusterlink.cli;

import java.util.Map;

/**
 * Small reads shared by the commands' client-side dry runs.
 */
final class Lookups {

	private Lookups() {
	}

	/**
	 * Whether {@code GET path} finds something (404 is no, any other error is raised).
	 */
	static boolean exists(Api api, String path) {
		try {
			api.get(path, Map.of());
			return true;
		}
		catch (CliException ex) {
			if (ex.problem() != null && ex.problem().status() == 404) {
				return false;
			}
			throw ex;
		}
	}

}
