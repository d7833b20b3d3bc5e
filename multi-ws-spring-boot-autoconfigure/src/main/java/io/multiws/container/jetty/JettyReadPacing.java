package io.multiws.container.jetty;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.multiws.core.WsReadPacing;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

/**
 * Read pacing on Jetty, whose connections read a frame only when the application
 * demands one: Spring's adapter demands the next message after each one, through a view
 * of the Jetty session whose {@code demand()} is held back while reading is paused and
 * made once it resumes. Everything else goes to the session as it is.
 * <p>
 * Pings come here too ({@link PacedJettyWebSocketHandlerAdapter}): once the connection's
 * session takes them ({@link #answerPings}), it answers them through its own outbound
 * side, and the next frame is demanded at once; otherwise Jetty's own pong is written,
 * and the next frame demanded once it is, as Jetty does.
 *
 * @author multi-ws team
 */
final class JettyReadPacing implements InvocationHandler, WsReadPacing {

	private final Session session;

	private final Object lock = new Object();

	private boolean paused;

	private boolean demandHeld;

	private volatile @Nullable Consumer<byte[]> pings;

	private JettyReadPacing(Session session) {
		this.session = session;
	}

	/**
	 * Return a view of a session whose reads can be paused.
	 * @param session the Jetty session
	 * @return the view
	 */
	static Session pacedView(Session session) {
		return (Session) Proxy.newProxyInstance(JettyReadPacing.class.getClassLoader(),
				new Class<?>[] { Session.class }, new JettyReadPacing(session));
	}

	/**
	 * Return the pacing behind a view made by {@link #pacedView}.
	 * @param session the session, a view or not
	 * @return the pacing, or {@code null} for a plain session
	 */
	static @Nullable JettyReadPacing of(Session session) {
		return (Proxy.isProxyClass(session.getClass())
				&& Proxy.getInvocationHandler(session) instanceof JettyReadPacing pacing) ? pacing : null;
	}

	/**
	 * Return the Jetty session itself.
	 * @return the session
	 */
	Session session() {
		return this.session;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if (method.getParameterCount() == 0 && method.getName().equals("demand")) {
			demand();
			return null;
		}
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "Paced " + this.session;
			};
		}
		try {
			return method.invoke(this.session, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private void demand() {
		synchronized (this.lock) {
			if (this.paused) {
				this.demandHeld = true;
				return;
			}
		}
		this.session.demand();
	}

	/**
	 * Hand the connection's pings to the given handler, which answers them without
	 * blocking.
	 * @param handler the handler of each ping's application data
	 */
	void answerPings(Consumer<byte[]> handler) {
		this.pings = handler;
	}

	/**
	 * Answer a ping, then demand the next frame.
	 * @param payload the ping's application data
	 */
	void pingReceived(ByteBuffer payload) {
		Consumer<byte[]> pings = this.pings;
		if (pings == null) {
			this.session.sendPong(payload, Callback.from(this::demand, (failure) -> demand()));
			return;
		}
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		pings.accept(bytes);
		demand();
	}

	@Override
	public void pauseReading() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	@Override
	public void resumeReading() {
		boolean demand;
		synchronized (this.lock) {
			this.paused = false;
			demand = this.demandHeld;
			this.demandHeld = false;
		}
		if (demand) {
			this.session.demand();
		}
	}

}
