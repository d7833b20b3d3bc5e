package io.multiws.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

import io.multiws.core.WsReadPacing;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What multi-ws uses of Tomcat's WebSocket implementation below the Jakarta API, found
 * once by reflection so that nothing links against Tomcat: starting a frame of any
 * opcode with a completion handler (the non-blocking path under
 * {@code sendBytesByCompletion}, which also takes pings and pre-encoded text), and
 * suspending and resuming a session's reads. When a Tomcat version lacks them, the
 * transport falls back to the portable API.
 *
 * @author multi-ws team
 */
final class TomcatWebSocketSupport {

	static final byte TEXT = 0x1;

	static final byte BINARY = 0x2;

	static final byte PING = 0x9;

	private static final Log logger = LogFactory.getLog(TomcatWebSocketSupport.class);

	private static final @Nullable Class<?> SESSION_TYPE;

	private static final @Nullable MethodHandle REMOTE_ENDPOINT;

	private static final @Nullable MethodHandle START_MESSAGE;

	private static final @Nullable MethodHandle SUSPEND;

	private static final @Nullable MethodHandle RESUME;

	static {
		Class<?> sessionType = null;
		MethodHandle remoteEndpoint = null;
		MethodHandle startMessage = null;
		MethodHandle suspend = null;
		MethodHandle resume = null;
		try {
			ClassLoader classLoader = TomcatWebSocketSupport.class.getClassLoader();
			sessionType = Class.forName("org.apache.tomcat.websocket.WsSession", false, classLoader);
			Class<?> endpointType = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase", false,
					classLoader);
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			Field field = sessionType.getDeclaredField("wsRemoteEndpoint");
			field.setAccessible(true);
			remoteEndpoint = lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
			Method method = endpointType.getDeclaredMethod("startMessage", byte.class, ByteBuffer.class,
					boolean.class, SendHandler.class);
			method.setAccessible(true);
			startMessage = lookup.unreflect(method)
				.asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class, boolean.class,
						SendHandler.class));
			suspend = lookup.unreflect(sessionType.getMethod("suspend"))
				.asType(MethodType.methodType(void.class, Object.class));
			resume = lookup.unreflect(sessionType.getMethod("resume"))
				.asType(MethodType.methodType(void.class, Object.class));
		}
		catch (ClassNotFoundException ex) {
			// Not on Tomcat
		}
		catch (Throwable ex) {
			logger.info("Tomcat's WebSocket internals are not reachable (" + ex
					+ "); multi-ws uses the portable Jakarta API on Tomcat, with blocking pings and no read pacing");
			remoteEndpoint = null;
			startMessage = null;
			suspend = null;
			resume = null;
		}
		SESSION_TYPE = sessionType;
		REMOTE_ENDPOINT = remoteEndpoint;
		START_MESSAGE = startMessage;
		SUSPEND = suspend;
		RESUME = resume;
	}

	private final Object remoteEndpoint;

	private final Session session;

	private TomcatWebSocketSupport(Object remoteEndpoint, Session session) {
		this.remoteEndpoint = remoteEndpoint;
		this.session = session;
	}

	/**
	 * Return the support for a session, or {@code null} if it is not a Tomcat session
	 * whose internals are reachable.
	 * @param session the Jakarta session
	 * @return the support, or {@code null}
	 */
	static @Nullable TomcatWebSocketSupport of(Session session) {
		if (REMOTE_ENDPOINT == null || SESSION_TYPE == null || !SESSION_TYPE.isInstance(session)) {
			return null;
		}
		try {
			return new TomcatWebSocketSupport(REMOTE_ENDPOINT.invokeExact((Object) session), session);
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Start writing one whole frame without blocking; the handler runs once it is
	 * written (Tomcat runs it on one of its threads).
	 * @param opcode the opcode
	 * @param payload the payload, already encoded
	 * @param handler the completion handler
	 */
	void startMessage(byte opcode, ByteBuffer payload, SendHandler handler) {
		try {
			START_MESSAGE.invokeExact(this.remoteEndpoint, opcode, payload, true, handler);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return read pacing through Tomcat's suspend and resume.
	 * @return the pacing
	 */
	WsReadPacing readPacing() {
		return new WsReadPacing() {

			@Override
			public void pauseReading() {
				invoke(SUSPEND);
			}

			@Override
			public void resumeReading() {
				invoke(RESUME);
			}

		};
	}

	private void invoke(@Nullable MethodHandle handle) {
		try {
			handle.invokeExact((Object) this.session);
		}
		catch (Throwable ex) {
			// A session that is closing neither needs pausing nor resuming
			if (logger.isDebugEnabled()) {
				logger.debug("Could not pause or resume reading " + this.session.getId(), ex);
			}
		}
	}

}
