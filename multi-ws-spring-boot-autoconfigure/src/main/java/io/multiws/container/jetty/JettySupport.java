package io.multiws.container.jetty;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import io.multiws.core.WsReadPacing;
import io.multiws.core.WsTransport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * What the Spring MVC binding does differently on Jetty: its upgrade, its transport, its
 * read pacing and the peer's address. Callers check that Jetty is on the class path
 * first: this class links against it. Not an application API.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class JettySupport {

	private JettySupport() {
	}

	/**
	 * Return a handshake handler that upgrades through Jetty's own container, deciding
	 * whether it negotiates permessage-deflate.
	 * @param compression whether Jetty may negotiate permessage-deflate
	 * @param readPacing whether the session's reads can be paused, and its pings go to it
	 * (a container optimization)
	 * @param refusals how to answer an upgrade that Jetty declined
	 * @return the handshake handler
	 */
	public static DefaultHandshakeHandler handshakeHandler(boolean compression, boolean readPacing,
			Refusals refusals) {
		return new DefaultHandshakeHandler(new JettyUpgradeStrategy(compression, readPacing, refusals));
	}

	/**
	 * Return the address of the connection's peer: the request's own remote address is
	 * the forwarded one behind {@code ForwardedRequestCustomizer}
	 * ({@code server.forward-headers-strategy=native}), which any peer may set.
	 * @param request the request, unwrapped
	 * @return the peer's address, or {@code null} if the request is not Jetty's
	 */
	public static @Nullable String peerAddress(HttpServletRequest request) {
		return JettyUpgradeStrategy.peerAddress(request);
	}

	/**
	 * Return the transport of a Jetty session.
	 * @param springSession Spring's session
	 * @param userSession the session the application sees
	 * @param idleTimeout the endpoint's idle timeout
	 * @param containerOptimizations whether to write frames through Jetty's core session
	 * @return the transport
	 */
	public static WsTransport transport(JettyWebSocketSession springSession, WebSocketSession userSession,
			Duration idleTimeout, boolean containerOptimizations) {
		return new JettyWsTransport(springSession, userSession, idleTimeout, containerOptimizations);
	}

	/**
	 * Return the read pacing of a transport made by {@link #transport}.
	 * @param transport the transport
	 * @return the pacing, {@link WsReadPacing#NONE} unless the session was upgraded with
	 * read pacing
	 */
	public static WsReadPacing readPacing(WsTransport transport) {
		return (transport instanceof JettyWsTransport jetty) ? jetty.readPacing() : WsReadPacing.NONE;
	}

	/**
	 * Hand the pings of a transport made by {@link #transport} to the given handler
	 * instead of Jetty's own pong.
	 * @param transport the transport
	 * @param handler the handler of each ping's application data
	 */
	public static void answerPings(WsTransport transport, Consumer<byte[]> handler) {
		if (transport instanceof JettyWsTransport jetty) {
			jetty.answerPings(handler);
		}
	}

	/**
	 * How the binding answers an upgrade it refuses.
	 */
	@FunctionalInterface
	public interface Refusals {

		/**
		 * Answer an upgrade with a refusal.
		 * @param response the response
		 * @param status the status
		 * @param reason the reason
		 * @throws IOException on I/O failure
		 */
		void refuse(HttpServletResponse response, HttpStatus status, String reason) throws IOException;

	}

}
