package io.multiws.container.tomcat;

import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * An upgrade request without its {@code Sec-WebSocket-Extensions} header, for an endpoint
 * without compression: a Jakarta WebSocket container (Tomcat) negotiates every extension
 * it has installed when the server endpoint names none, so the offer itself is hidden.
 * Used by the servlet binding and by WebFlux on Tomcat.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WithoutExtensionOffers extends HttpServletRequestWrapper {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	/**
	 * Wrap a request.
	 * @param request the upgrade request
	 */
	public WithoutExtensionOffers(HttpServletRequest request) {
		super(request);
	}

	@Override
	public @Nullable String getHeader(String name) {
		return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
			.filter((name) -> !EXTENSIONS.equalsIgnoreCase(name))
			.toList());
	}

}
