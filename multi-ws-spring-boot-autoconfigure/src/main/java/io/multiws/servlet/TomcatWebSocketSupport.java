package io.multiws.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;

import io.multiws.core.WsReadPacing;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What multi-ws uses of Tomcat's WebSocket implementation below the Jakarta API, found
 * once by reflection so that nothing links against Tomcat: starting a frame of any
 * opcode with a completion handler (the non-blocking path under
 * {@code sendBytesByCompletion}, which also takes pings and pre-encoded text), writing
 * several whole frames in one gathering write ({@code doWrite}, under the same semaphore
 * as every message), and suspending and resuming a session's reads. When a Tomcat version lacks them, the
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

	private static final @Nullable MethodHandle DO_WRITE;

	private static final @Nullable MethodHandle END_MESSAGE;

	private static final @Nullable MethodHandle MESSAGE_IN_PROGRESS;

	private static final @Nullable MethodHandle CLOSED;

	private static final @Nullable MethodHandle SUSPEND;

	private static final @Nullable MethodHandle RESUME;

	static {
		Class<?> sessionType = null;
		MethodHandle remoteEndpoint = null;
		MethodHandle startMessage = null;
		MethodHandle suspend = null;
		MethodHandle resume = null;
		MethodHandle doWrite = null;
		MethodHandle endMessage = null;
		MethodHandle messageInProgress = null;
		MethodHandle closed = null;
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
			Method write = endpointType.getDeclaredMethod("doWrite", SendHandler.class, long.class,
					ByteBuffer[].class);
			write.setAccessible(true);
			doWrite = lookup.unreflect(write)
				.asType(MethodType.methodType(void.class, Object.class, SendHandler.class, long.class,
						ByteBuffer[].class));
			Method end = endpointType.getDeclaredMethod("endMessage", SendHandler.class, SendResult.class);
			end.setAccessible(true);
			endMessage = lookup.unreflect(end)
				.asType(MethodType.methodType(void.class, Object.class, SendHandler.class, SendResult.class));
			Field semaphore = endpointType.getDeclaredField("messagePartInProgress");
			semaphore.setAccessible(true);
			messageInProgress = lookup.unreflectGetter(semaphore)
				.asType(MethodType.methodType(Semaphore.class, Object.class));
			Field closedField = endpointType.getDeclaredField("closed");
			closedField.setAccessible(true);
			closed = lookup.unreflectGetter(closedField).asType(MethodType.methodType(boolean.class, Object.class));
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
			doWrite = null;
			endMessage = null;
			messageInProgress = null;
			closed = null;
		}
		SESSION_TYPE = sessionType;
		REMOTE_ENDPOINT = remoteEndpoint;
		START_MESSAGE = startMessage;
		SUSPEND = suspend;
		RESUME = resume;
		DO_WRITE = doWrite;
		END_MESSAGE = endMessage;
		MESSAGE_IN_PROGRESS = messageInProgress;
		CLOSED = closed;
	}

	private final Object remoteEndpoint;

	private final Session session;

	private final Semaphore messageInProgress;

	private final boolean framesAsTheyAre;

	private TomcatWebSocketSupport(Object remoteEndpoint, Session session) throws Throwable {
		this.remoteEndpoint = remoteEndpoint;
		this.session = session;
		this.messageInProgress = (Semaphore) MESSAGE_IN_PROGRESS.invokeExact(remoteEndpoint);
		// An extension (permessage-deflate) transforms every frame: then Tomcat must build them
		this.framesAsTheyAre = session.getNegotiatedExtensions().isEmpty();
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
			return new TomcatWebSocketSupport((Object) REMOTE_ENDPOINT.invokeExact((Object) session), session);
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
	 * Write whole frames that the caller built, in one gathering write, without
	 * blocking, if no other message is being written and no extension transforms frames.
	 * Tomcat's own writes (a pong, a close) wait for it as for any message, and go out
	 * after it.
	 * @param frames the frames, header and payload each
	 * @param handler the completion handler, which Tomcat runs on one of its threads
	 * @return {@code true} if the write started, {@code false} if the caller must send
	 * the messages one by one through {@link #startMessage}
	 */
	boolean writeFrames(ByteBuffer[] frames, SendHandler handler) {
		if (!this.framesAsTheyAre || !this.messageInProgress.tryAcquire()) {
			return false;
		}
		try {
			if ((boolean) CLOSED.invokeExact(this.remoteEndpoint)) {
				this.messageInProgress.release();
				return false;
			}
			DO_WRITE.invokeExact(this.remoteEndpoint, (SendHandler) (result) -> endMessage(handler, result), -1L,
					frames);
			return true;
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void endMessage(SendHandler handler, SendResult result) {
		try {
			END_MESSAGE.invokeExact(this.remoteEndpoint, handler, result);
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
