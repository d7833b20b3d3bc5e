package io.multiws.container.jetty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Spring's {@code JettyRequestUpgradeStrategy}, but deciding whether Jetty negotiates
 * permessage-deflate (Jetty picks extensions itself from the request it reads below any
 * wrapper, so only the upgrade response can refuse them), and giving Spring's adapter a
 * view of the session whose reads multi-ws can pause ({@link JettyReadPacing}).
 *
 * @author multi-ws team
 */
final class JettyUpgradeStrategy implements RequestUpgradeStrategy {

	private static final String[] VERSIONS = { "13" };

	private final boolean compression;

	private final boolean readPacing;

	private final JettySupport.Refusals refusals;

	JettyUpgradeStrategy(boolean compression, boolean readPacing, JettySupport.Refusals refusals) {
		this.compression = compression;
		this.readPacing = readPacing;
		this.refusals = refusals;
	}

	/**
	 * Return the address of the connection's peer: the request's own remote address is
	 * the forwarded one behind {@code ForwardedRequestCustomizer}
	 * ({@code server.forward-headers-strategy=native}), which any peer may set.
	 * @param request the request, unwrapped
	 * @return the peer's address, or {@code null} if the request is not Jetty's
	 */
	static @Nullable String peerAddress(HttpServletRequest request) {
		ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
		if (jettyRequest == null) {
			return null;
		}
		SocketAddress peer = jettyRequest.getConnectionMetaData()
			.getConnection()
			.getEndPoint()
			.getRemoteSocketAddress();
		return (peer instanceof InetSocketAddress address && address.getAddress() != null)
				? address.getAddress().getHostAddress() : null;
	}

	@Override
	public String[] getSupportedVersions() {
		return VERSIONS;
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return List.of();
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler handler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
		JettyWebSocketSession session = new JettyWebSocketSession(attributes, user);
		JettyWebSocketHandlerAdapter adapter = this.readPacing ? new PacedJettyWebSocketHandlerAdapter(handler, session)
				: new JettyWebSocketHandlerAdapter(handler, session);
		JettyWebSocketCreator creator = (upgradeRequest, upgradeResponse) -> {
			if (selectedProtocol != null) {
				upgradeResponse.setAcceptedSubProtocol(selectedProtocol);
			}
			if (!this.compression) {
				upgradeResponse.setExtensions(List.of());
			}
			return adapter;
		};
		boolean upgraded;
		try {
			upgraded = JettyWebSocketServerContainer.getContainer(servletRequest.getServletContext())
				.upgrade(creator, servletRequest, servletResponse);
		}
		catch (Exception ex) {
			throw new HandshakeFailureException("Failed to upgrade", ex);
		}
		if (!upgraded) {
			declined(servletRequest, servletResponse);
		}
	}

	/**
	 * Answer an upgrade that Jetty declined, which would otherwise go out as an empty
	 * 200: past Spring's checks (method, headers, version), Jetty declines only a request
	 * older than HTTP/1.1, which RFC 6455 forbids (section 4.1).
	 */
	private void declined(HttpServletRequest request, HttpServletResponse response) {
		String reason = "Jetty did not upgrade this " + request.getProtocol()
				+ " request: a WebSocket upgrade needs HTTP/1.1";
		try {
			this.refusals.refuse(response, HttpStatus.BAD_REQUEST, reason);
		}
		catch (IOException ex) {
			throw new HandshakeFailureException(reason, ex);
		}
		throw new HandshakeFailureException(reason);
	}

}
