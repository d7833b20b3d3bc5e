package io.multiws.core;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.util.ObjectUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Decides whether the {@code Origin} of a handshake may open a WebSocket. Without
 * configured origins only the same origin is allowed; a request without an
 * {@code Origin} header (a non-browser client) is always allowed, and {@code Origin: null}
 * is refused unless {@code "null"} is configured.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class OriginPolicy {

	private final @Nullable CorsConfiguration allowed;

	private final String description;

	private OriginPolicy(@Nullable CorsConfiguration allowed, String description) {
		this.allowed = allowed;
		this.description = description;
	}

	/**
	 * Return a policy that allows the same origin only.
	 * @return the policy
	 */
	public static OriginPolicy sameOrigin() {
		return new OriginPolicy(null, "same origin");
	}

	/**
	 * Return a policy that allows the same origin and the given origins and patterns.
	 * @param origins exact origins, or {@code *} for any
	 * @param originPatterns origin patterns such as {@code https://*.example.com}
	 * @return the policy
	 */
	public static OriginPolicy of(List<String> origins, List<String> originPatterns) {
		if (origins.isEmpty() && originPatterns.isEmpty()) {
			return sameOrigin();
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(origins.isEmpty() ? null : origins);
		configuration.setAllowedOriginPatterns(originPatterns.isEmpty() ? null : originPatterns);
		return new OriginPolicy(configuration, "same origin, " + origins + ", " + originPatterns);
	}

	/**
	 * Whether the handshake request's origin is allowed.
	 * @param request the handshake request
	 * @return {@code true} if allowed
	 */
	public boolean isAllowed(HttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null) {
			return true;
		}
		if (this.allowed != null && this.allowed.checkOrigin(origin) != null) {
			return true;
		}
		return !"null".equals(origin) && isSameOrigin(request.getURI(), origin);
	}

	/**
	 * Whether an origin has the scheme, host and port of the request; the same rule as
	 * {@code WebUtils.isSameOrigin}, which cannot be used here: it links against the
	 * Servlet API, which a reactive application does not have.
	 */
	private static boolean isSameOrigin(URI requestUri, String origin) {
		UriComponents originUri;
		try {
			originUri = UriComponentsBuilder.fromUriString(origin).build();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return ObjectUtils.nullSafeEquals(requestUri.getScheme(), originUri.getScheme())
				&& ObjectUtils.nullSafeEquals(requestUri.getHost(), originUri.getHost())
				&& port(requestUri.getScheme(), requestUri.getPort()) == port(originUri.getScheme(), originUri.getPort());
	}

	private static int port(@Nullable String scheme, int port) {
		if (port != -1) {
			return port;
		}
		if ("http".equals(scheme) || "ws".equals(scheme)) {
			return 80;
		}
		return ("https".equals(scheme) || "wss".equals(scheme)) ? 443 : -1;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
