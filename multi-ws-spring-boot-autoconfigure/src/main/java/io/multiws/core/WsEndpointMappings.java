package io.multiws.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Maps canonical hub paths to endpoints. Patterns are tried from the most specific to
 * the least, as Spring MVC orders them, so {@code /rooms/lobby} wins over
 * {@code /rooms/{room}}, which wins over {@code /rooms/**}. Two endpoints with the same
 * pattern (variable names aside) are refused.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsEndpointMappings {

	private final List<Entry> entries;

	private final List<WsEndpointDefinition> endpoints;

	private final int maxPathLength;

	/**
	 * Create the mappings.
	 * @param endpoints the endpoints
	 * @param maxPathLength the maximum length of a hub path
	 * @throws InvalidWsEndpointException if two endpoints map the same pattern
	 */
	public WsEndpointMappings(List<WsEndpointDefinition> endpoints, int maxPathLength) {
		this.endpoints = List.copyOf(endpoints);
		this.maxPathLength = maxPathLength;
		List<Entry> entries = new ArrayList<>();
		for (WsEndpointDefinition endpoint : endpoints) {
			for (PathPattern pattern : endpoint.patterns()) {
				for (Entry entry : entries) {
					if (shape(entry.pattern).equals(shape(pattern))) {
						throw new InvalidWsEndpointException("Duplicate WebSocket path pattern '"
								+ pattern.getPatternString() + "': mapped by endpoint '" + entry.endpoint.name()
								+ "' ('" + entry.pattern.getPatternString() + "') and by endpoint '" + endpoint.name()
								+ "'. Give each endpoint its own paths (multi-ws.endpoints.<name>.paths)");
					}
				}
				entries.add(new Entry(pattern, endpoint));
			}
		}
		entries.sort(Comparator.comparing(Entry::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		this.entries = List.copyOf(entries);
	}

	private static String shape(PathPattern pattern) {
		return pattern.getPatternString().replaceAll("\\{\\*?[^}:]*(:[^}]*)?}", "{$1}");
	}

	/**
	 * Map a raw request path to an endpoint and hub.
	 * @param rawPath the raw (percent-encoded) request path, without context path
	 * @return the match, or {@code null} if no endpoint maps the path
	 * @throws InvalidHubPathException if an endpoint maps the path but it cannot be a
	 * hub key
	 */
	public @Nullable WsEndpointMatch match(String rawPath) {
		String key;
		try {
			key = HubPaths.canonicalize(rawPath, this.maxPathLength);
		}
		catch (InvalidHubPathException ex) {
			if (matchesLeniently(rawPath)) {
				throw ex;
			}
			return null;
		}
		PathContainer path = PathContainer.parsePath(key);
		for (Entry entry : this.entries) {
			PathPattern.PathMatchInfo info = entry.pattern.matchAndExtract(path);
			if (info != null) {
				Map<String, String> variables = info.getUriVariables();
				return new WsEndpointMatch(entry.endpoint, key, variables.isEmpty() ? Map.of() : Collections.unmodifiableMap(variables));
			}
		}
		return null;
	}

	private boolean matchesLeniently(String rawPath) {
		PathContainer path = PathContainer.parsePath(rawPath);
		for (Entry entry : this.entries) {
			if (entry.pattern.matches(path)) {
				return true;
			}
		}
		int slash = rawPath.indexOf('/', 1);
		String first = (slash != -1) ? rawPath.substring(0, slash) : rawPath;
		return this.entries.stream().anyMatch((entry) -> entry.pattern.getPatternString().startsWith(first + "/"));
	}

	/**
	 * Return every endpoint.
	 * @return the endpoints
	 */
	public List<WsEndpointDefinition> endpoints() {
		return this.endpoints;
	}

	/**
	 * Return the maximum hub path length.
	 * @return the maximum length
	 */
	public int maxPathLength() {
		return this.maxPathLength;
	}

	@Override
	public String toString() {
		return "WsEndpointMappings " + this.entries;
	}

	private record Entry(PathPattern pattern, WsEndpointDefinition endpoint) {

		@Override
		public String toString() {
			return this.pattern.getPatternString() + " -> " + this.endpoint.name();
		}

	}

}
