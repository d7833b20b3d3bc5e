package io.multiws.container.jetty;

import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * Spring's Jetty adapter, given a view of the Jetty session whose reads multi-ws can
 * pause (see {@link JettyReadPacing}), and whose pings go to the session
 * rather than to Jetty's own pong. Public because Jetty binds a listener's methods through public method handles.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class PacedJettyWebSocketHandlerAdapter extends JettyWebSocketHandlerAdapter {

	private @Nullable JettyReadPacing pacing;

	PacedJettyWebSocketHandlerAdapter(WebSocketHandler handler, JettyWebSocketSession session) {
		super(handler, session);
	}

	@Override
	public void onWebSocketOpen(Session session) {
		Session paced = JettyReadPacing.pacedView(session);
		this.pacing = JettyReadPacing.of(paced);
		super.onWebSocketOpen(paced);
	}

	@Override
	public void onWebSocketPing(ByteBuffer payload) {
		JettyReadPacing pacing = this.pacing;
		Assert.state(pacing != null, "Not open");
		pacing.pingReceived(payload);
	}

}
