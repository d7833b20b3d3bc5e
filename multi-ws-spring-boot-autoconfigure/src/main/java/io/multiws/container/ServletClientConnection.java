package io.multiws.container;

import java.util.Collections;
import java.util.List;

import io.multiws.admission.WsClientConnection;
import io.multiws.container.jetty.JettySupport;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.ClassUtils;

/**
 * The connection of a servlet request as the container saw it, beneath the request
 * wrappers of filters such as Spring's {@code ForwardedHeaderFilter}, which replace the
 * remote address with the leftmost forwarded one and hide the forwarding headers. On
 * Jetty the peer's address comes from the connection itself, as its
 * {@code ForwardedRequestCustomizer} replaces the request's; on Tomcat the request's
 * address is the peer's, or the one its {@code RemoteIpValve} resolved from its internal
 * proxies (and marked so). Public for both bindings on a servlet container.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ServletClientConnection implements WsClientConnection {

	/**
	 * The attribute Tomcat's {@code RemoteIpValve} and {@code RemoteIpFilter} set on a
	 * request that came through one of their proxies.
	 */
	private static final String TOMCAT_FORWARDED = "org.apache.tomcat.request.forwarded";

	private static final boolean JETTY = ClassUtils.isPresent("org.eclipse.jetty.ee11.servlet.ServletContextRequest",
			ServletClientConnection.class.getClassLoader());

	private final HttpServletRequest request;

	private final String address;

	private ServletClientConnection(HttpServletRequest request, String address) {
		this.request = request;
		this.address = address;
	}

	/**
	 * Return the connection of a request.
	 * @param request the request, as wrapped as it may be
	 * @return the connection
	 */
	public static WsClientConnection of(HttpServletRequest request) {
		HttpServletRequest received = unwrap(request);
		String peer = JETTY ? JettySupport.peerAddress(received) : null;
		return new ServletClientConnection(received, (peer != null) ? peer : received.getRemoteAddr());
	}

	private static HttpServletRequest unwrap(HttpServletRequest request) {
		ServletRequest current = request;
		HttpServletRequest received = request;
		while (current instanceof ServletRequestWrapper wrapper) {
			current = wrapper.getRequest();
			if (current instanceof HttpServletRequest httpRequest) {
				received = httpRequest;
			}
		}
		return received;
	}

	@Override
	public String address() {
		return this.address;
	}

	@Override
	public boolean isForwardedByServer() {
		return Boolean.TRUE.equals(this.request.getAttribute(TOMCAT_FORWARDED));
	}

	@Override
	public List<String> headers(String name) {
		return Collections.list(this.request.getHeaders(name));
	}

	@Override
	public String toString() {
		return "ServletClientConnection[address=" + this.address + "]";
	}

}
