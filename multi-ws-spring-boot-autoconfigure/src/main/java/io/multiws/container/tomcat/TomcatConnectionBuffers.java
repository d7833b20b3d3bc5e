package io.multiws.container.tomcat;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Sizes the WebSocket buffers Tomcat keeps for every connection, which are most of what
 * an idle WebSocket costs there: by default the WebSocket read, write and encoder buffers
 * and the binary message buffer of 8 KiB each and the text message buffer of as many
 * characters. Tomcat takes their size from the system property
 * {@value #BUFFER_SIZE_PROPERTY}, read once when its WebSocket classes load, which
 * happens when the server starts, after this customizer ran; a value the application set
 * itself is kept. The connector's socket read and write buffers go from 8 KiB to 4 KiB (or
 * the size, if larger), unless the application changed them: at 1 KiB they cost 19 %
 * more server CPU per echo, at 4 KiB none (see {@code benchmarks/RESULTS.md}). Messages
 * up to the endpoints' size limits are still taken: Tomcat hands them over in parts of its
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
	 * Tomcat's own size of its socket buffers.
	 */
	private static final int TOMCAT_DEFAULT = 8192;

	/**
	 * The smallest socket buffer this sets.
	 */
	private static final int SOCKET_BUFFER_SIZE = 4096;

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
				connector.setProperty(name, Integer.toString(Math.max(this.size, SOCKET_BUFFER_SIZE)));
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
