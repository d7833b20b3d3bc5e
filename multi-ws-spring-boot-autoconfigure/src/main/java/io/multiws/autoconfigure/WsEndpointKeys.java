package io.multiws.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.multiws.autoconfigure.MultiWsProperties.Endpoint;
import io.multiws.core.InvalidWsEndpointException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * Matches the keys under {@code multi-ws.endpoints} to the names of the application's
 * endpoints as Spring Boot's relaxed binding compares property names, and fails start-up
 * with a message that names the key, the known names and the closest one when a key
 * names no endpoint or two keys name one.
 *
 * @author multi-ws team
 */
final class WsEndpointKeys {

	private static final String PREFIX = "multi-ws.endpoints.";

	private WsEndpointKeys() {
	}

	/**
	 * Return the name of an endpoint as its key under {@code multi-ws.endpoints} is best
	 * written: in kebab-case, as Spring Boot's own properties are ({@code game-endpoint}
	 * for the bean {@code gameEndpoint}).
	 * @param name the endpoint name
	 * @return the name in kebab-case
	 */
	static String toKebabCase(String name) {
		return DataObjectPropertyName.toDashedForm(name);
	}

	/**
	 * Return the form in which a key under {@code multi-ws.endpoints} and an endpoint name
	 * are compared: as Spring Boot's relaxed binding compares property names, case,
	 * dashes and underscores do not count ({@code game-endpoint}, {@code gameEndpoint}
	 * and {@code GAME_ENDPOINT} are one name).
	 */
	private static String relaxed(String name) {
		StringBuilder relaxed = new StringBuilder(name.length());
		for (char c : name.toCharArray()) {
			if (c != '-' && c != '_') {
				relaxed.append(Character.toLowerCase(c));
			}
		}
		return relaxed.toString();
	}

	/**
	 * Check that an endpoint's name is not, to relaxed binding, the name of another.
	 * @param name the endpoint's name
	 * @param beanName its bean name
	 * @param beanNames the bean names of the endpoints seen so far, by endpoint name
	 * @throws InvalidWsEndpointException naming both beans
	 */
	static void checkDistinct(String name, String beanName, Map<String, String> beanNames) {
		for (Map.Entry<String, String> other : beanNames.entrySet()) {
			if (relaxed(other.getKey()).equals(relaxed(name))) {
				String names = other.getKey().equals(name) ? "are both named '" + name + "'"
						: "are named '" + other.getKey() + "' and '" + name
								+ "', which are one name under multi-ws.endpoints";
				throw new InvalidWsEndpointException("The @WsEndpoint beans '" + other.getValue() + "' and '"
						+ beanName + "' " + names, "Give them distinct names with @WsEndpoint(name = ...)");
			}
		}
	}

	/**
	 * Match the keys under {@code multi-ws.endpoints} to the endpoints they configure.
	 * @param endpoints the configured endpoints by key
	 * @param names the names of the application's endpoints
	 * @return the configuration of each endpoint that has one, by endpoint name
	 * @throws InvalidWsEndpointPropertyException for a key that names no endpoint, or two
	 * keys that name one
	 */
	static Map<String, Configured> configured(Map<String, Endpoint> endpoints, Set<String> names) {
		Map<String, String> byRelaxedName = new HashMap<>();
		names.forEach((name) -> byRelaxedName.put(relaxed(name), name));
		Map<String, Configured> configured = new HashMap<>();
		endpoints.forEach((key, endpoint) -> {
			String name = byRelaxedName.get(relaxed(key));
			if (name == null) {
				throw unknownEndpoint(key, names);
			}
			Configured previous = configured.putIfAbsent(name, new Configured(key, endpoint));
			if (previous != null) {
				throw new InvalidWsEndpointPropertyException(PREFIX + key,
						PREFIX + previous.key() + " and " + PREFIX + key + " both configure WebSocket endpoint '"
								+ name + "'",
						"Configure each endpoint under one key, such as " + PREFIX + toKebabCase(name));
			}
		});
		return configured;
	}

	private static InvalidWsEndpointPropertyException unknownEndpoint(String key, Set<String> names) {
		String known = names.isEmpty() ? "none (the application has no @WsEndpoint bean)"
				: names.stream().sorted().map(WsEndpointKeys::describeName).collect(Collectors.joining(", "));
		String closest = closest(key, names);
		return new InvalidWsEndpointPropertyException(PREFIX + key,
				PREFIX + key + " names no @WsEndpoint bean. Known endpoint names: " + known,
				((closest != null) ? "Did you mean '" + toKebabCase(closest) + "'? " : "")
						+ "Use the name of one of the application's @WsEndpoint beans as the key under "
						+ "multi-ws.endpoints (its name attribute, else its bean name, in kebab-case or as declared), "
						+ "or remove the entry. Known endpoint names: " + known);
	}

	private static String describeName(String name) {
		String kebab = toKebabCase(name);
		return kebab.equals(name) ? "'" + name + "'" : "'" + kebab + "' (declared '" + name + "')";
	}

	private static @Nullable String closest(String key, Set<String> names) {
		String closest = null;
		int best = Integer.MAX_VALUE;
		for (String name : names) {
			int distance = distance(relaxed(key), relaxed(name));
			if (distance < best) {
				best = distance;
				closest = name;
			}
		}
		return (closest != null && best <= Math.max(2, relaxed(closest).length() / 3)) ? closest : null;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * The configuration of one endpoint under {@code multi-ws.endpoints}.
	 *
	 * @param key the key it is configured under
	 * @param endpoint its properties
	 */
	record Configured(String key, Endpoint endpoint) {

	}

}
