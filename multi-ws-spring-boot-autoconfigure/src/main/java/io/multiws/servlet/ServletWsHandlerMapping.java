package io.multiws.servlet;

import java.io.IOException;

import io.multiws.core.InvalidHubPathException;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Claims WebSocket upgrade requests ({@code GET} with {@code Upgrade: websocket}) whose
 * path maps to a {@code @WsEndpoint}, ahead of the application's other mappings. Every
 * other request returns {@code null}, so a controller on the same path still answers.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ServletWsHandlerMapping extends AbstractHandlerMapping {

	private final WsEndpointMappings mappings;

	private final ServletUpgradeHandler upgradeHandler;

	/**
	 * Create a mapping.
	 * @param mappings the endpoint mappings
	 * @param upgradeHandler the upgrade handler
	 */
	public ServletWsHandlerMapping(WsEndpointMappings mappings, ServletUpgradeHandler upgradeHandler) {
		this.mappings = mappings;
		this.upgradeHandler = upgradeHandler;
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		if (!HttpMethod.GET.matches(request.getMethod()) || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
			return null;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		WsEndpointMatch match;
		try {
			match = this.mappings.match(path);
		}
		catch (InvalidHubPathException ex) {
			return (HttpRequestHandler) (req, res) -> this.upgradeHandler.refuseInvalidPath(res, ex.getStatus(),
					ex.getMessage());
		}
		return (match != null) ? new Upgrade(match, this.upgradeHandler) : null;
	}

	@Override
	public String toString() {
		return "ServletWsHandlerMapping " + this.mappings;
	}

	private record Upgrade(WsEndpointMatch match, ServletUpgradeHandler handler) implements HttpRequestHandler {

		@Override
		public void handleRequest(HttpServletRequest request, HttpServletResponse response)
				throws IOException {
			this.handler.upgrade(this.match, request, response);
		}

		@Override
		public String toString() {
			return "WebSocket upgrade to " + this.match.path() + " (endpoint '" + this.match.endpoint().name() + "')";
		}

	}

}
