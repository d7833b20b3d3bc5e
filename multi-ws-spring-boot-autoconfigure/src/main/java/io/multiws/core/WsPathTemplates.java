package io.multiws.core;

import java.util.List;


import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds the path template a concrete hub path was mapped by: the bounded name a metric
 * or an observation may carry, where the concrete path may not.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsPathTemplates {

	private WsPathTemplates() {
	}

	/**
	 * Return the pattern of an endpoint that maps a path; with one pattern (the usual
	 * case) without matching.
	 * @param endpoint the endpoint
	 * @param path the canonical hub path
	 * @return the pattern, such as {@code /chat/{room}}
	 */
	public static PathPattern of(WsEndpointDefinition endpoint, String path) {
		List<PathPattern> patterns = endpoint.patterns();
		if (patterns.size() > 1) {
			PathContainer container = PathContainer.parsePath(path);
			for (PathPattern pattern : patterns) {
				if (pattern.matches(container)) {
					return pattern;
				}
			}
		}
		return patterns.get(0);
	}

}
