package io.multiws.servlet;

import org.eclipse.jetty.websocket.api.Session;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * Spring's Jetty adapter, given a view of the Jetty session whose reads multi-ws can
 * pause (see {@link JettyReadPacing}), on a connection whose parser follows
 * {@link JettyFrameRules}. Public because Jetty binds a listener's methods
 * through public method handles.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class PacedJettyWebSocketHandlerAdapter extends JettyWebSocketHandlerAdapter {

	private final long maxFrameLength;

	PacedJettyWebSocketHandlerAdapter(WebSocketHandler handler, JettyWebSocketSession session, long maxFrameLength) {
		super(handler, session);
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public void onWebSocketOpen(Session session) {
		JettyFrameRules.install(session, this.maxFrameLength);
		super.onWebSocketOpen(JettyReadPacing.pacedView(session));
	}

}
