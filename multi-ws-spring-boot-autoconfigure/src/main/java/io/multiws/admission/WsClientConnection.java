package io.multiws.admission;

import java.util.List;

/**
 * The connection an upgrade came on, as the web stack binding sees it beneath Spring's
 * own handling of forwarding headers ({@code ForwardedHeaderFilter},
 * {@code ForwardedHeaderTransformer}, Jetty's {@code ForwardedRequestCustomizer},
 * Reactor Netty's forwarded handling): the address of its peer and the request headers as
 * they reached the server. {@link ClientAddresses} decides from it who the client is.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@FunctionalInterface
public interface WsClientConnection {

	/**
	 * Return the address of the connection's peer, or on Tomcat with its
	 * {@code RemoteIpValve} ({@code server.forward-headers-strategy=native}) the address
	 * the valve took from its internal proxies' {@code X-Forwarded-For}.
	 * @return the address
	 */
	String address();

	/**
	 * Whether the server replaced the peer's address with a forwarded one, as Tomcat's
	 * {@code RemoteIpValve} does for a request from one of its internal proxies.
	 * @return {@code true} if {@link #address()} is not the peer's
	 */
	default boolean isForwardedByServer() {
		return false;
	}

	/**
	 * Return the values of a request header as they reached the server, in order.
	 * @param name the header name
	 * @return the values, empty if none
	 */
	default List<String> headers(String name) {
		return List.of();
	}

	/**
	 * Return a connection from an address, with no forwarding header.
	 * @param address the peer's address
	 * @return the connection
	 */
	static WsClientConnection of(String address) {
		return () -> address;
	}

}
