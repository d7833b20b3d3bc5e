package io.multiws.container.tomcat;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Sizes the buffers Tomcat keeps for every connection, which are most of what an idle
 * WebSocket costs there: six of 8 KiB each by default (the WebSocket read, write and
 * encoder buffers and the binary message buffer, the text message buffer of as many
 * characters, and the connector's socket read and write buffers), 72.9 KB of live heap
 * per idle connection with everything else. Tomcat takes the WebSocket ones from the
 * system property {@value #BUFFER_SIZE_PROPERTY}, read once when its WebSocket classes
 * load, which happens when the server starts, after this customizer ran; the socket ones
 * from the connector. A value that the application set itself is kept: the system
 * property when it is set, the connector's when it is not Tomcat's default. Messages up
 * to the endpoints' size limits are still taken: Tomcat hands them over in parts of its
 * buffer size, which multi-ws assembles ({@code PartialMessages}), so that the message
 * buffers never grow to the limits.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class TomcatConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	static final String BUFFER_SIZE_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private static final String[] SOCKET_BUFFERS = { "socket.appReadBufSize", "socket.appWriteBufSize" };

	/**
	 * Tomcat's own size of each of these buffers.
	 */
	private static final int TOMCAT_DEFAULT = 8192;

	private final int size;

	/**
	 * Create a customizer that sizes each buffer.
	 * @param size the size of each buffer in bytes; zero or less keeps Tomcat's
	 */
	public TomcatConnectionBuffers(int size) {
		this.size = size;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (this.size <= 0) {
			return;
		}
		if (System.getProperty(BUFFER_SIZE_PROPERTY) == null) {
			System.setProperty(BUFFER_SIZE_PROPERTY, Integer.toString(this.size));
		}
		factory.addConnectorCustomizers(this::customize);
	}

	private void customize(Connector connector) {
		for (String name : SOCKET_BUFFERS) {
			Object value = connector.getProperty(name);
			if (value == null || String.valueOf(TOMCAT_DEFAULT).equals(value.toString())) {
				connector.setProperty(name, Integer.toString(this.size));
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
