package io.multiws.container.tomcat;

import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.multiws.core.WsReadPacing;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What multi-ws uses of Tomcat's WebSocket implementation below the Jakarta API, for
 * one session, through the handles {@link TomcatInternals} found once at start-up:
 * starting a frame of any opcode with a completion handler (the non-blocking path under
 * {@code sendBytesByCompletion}, which also takes pings and pre-encoded text), writing
 * several whole frames in one gathering, non-blocking socket write under the same
 * semaphore as every message (completed on the calling thread when the socket takes it
 * all, where Tomcat's WebSocket layer always hands the completion to another thread),
 * suspending and resuming a session's reads, and telling whether the socket of a session
 * Tomcat reported closed is still open (Tomcat reports a session closed once it sent a
 * close frame, and keeps the socket for the peer's answer) and closing it as Tomcat's
 * own close timeout would, and having the socket of a connection that Tomcat closed
 * released at once. When a Tomcat version lacks them, the transport falls back to
 * the portable API. Public for the Spring MVC binding on Tomcat; not an
 * application API.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class TomcatWebSocketSupport {

	/**
	 * The opcode of a text frame.
	 */
	public static final byte TEXT = 0x1;

	/**
	 * The opcode of a binary frame.
	 */
	public static final byte BINARY = 0x2;

	/**
	 * The opcode of a ping frame.
	 */
	public static final byte PING = 0x9;

	/**
	 * The opcode of a pong frame.
	 */
	public static final byte PONG = 0xA;

	private static final Log logger = LogFactory.getLog(TomcatWebSocketSupport.class);

	private final Object remoteEndpoint;

	private final Session session;

	private final Semaphore messageInProgress;

	private final @Nullable Object socket;

	private final @Nullable Object socketWrapper;

	private final long writeTimeoutMillis;

	private TomcatWebSocketSupport(Object remoteEndpoint, Session session, long writeTimeoutMillis) throws Throwable {
		this.remoteEndpoint = remoteEndpoint;
		this.session = session;
		this.messageInProgress = (Semaphore) TomcatInternals.MESSAGE_IN_PROGRESS.invokeExact(remoteEndpoint);
		this.writeTimeoutMillis = writeTimeoutMillis;
		this.socketWrapper = TomcatInternals.SERVER_ENDPOINT_TYPE.isInstance(remoteEndpoint)
				? (Object) TomcatInternals.SOCKET_WRAPPER.invokeExact(remoteEndpoint) : null;
		// An extension (permessage-deflate) transforms every frame: then Tomcat must build them
		this.socket = (session.getNegotiatedExtensions().isEmpty() && this.socketWrapper != null)
				? asyncSocket(this.socketWrapper) : null;
	}

	private static @Nullable Object asyncSocket(Object socketWrapper) throws Throwable {
		return ((boolean) TomcatInternals.HAS_ASYNC_IO.invokeExact(socketWrapper)) ? socketWrapper : null;
	}

	/**
	 * Whether sessions without an extension have their frames written straight to
	 * Tomcat's socket, as found when this class loaded.
	 * @return {@code true} if Tomcat's internals for it are reachable
	 */
	public static boolean directWritesAvailable() {
		return TomcatInternals.directWritesAvailable();
	}

	/**
	 * Whether sessions' reads can be suspended and resumed, as found when this class
	 * loaded.
	 * @return {@code true} if Tomcat's internals for it are reachable
	 */
	public static boolean readPacingAvailable() {
		return TomcatInternals.readPacingAvailable();
	}

	/**
	 * Return the support for a session, or {@code null} if it is not a Tomcat session
	 * whose internals are reachable.
	 * @param session the Jakarta session
	 * @param writeTimeoutMillis how long a write may wait for the network before it fails
	 * @return the support, or {@code null}
	 */
	public static @Nullable TomcatWebSocketSupport of(Session session, long writeTimeoutMillis) {
		if (TomcatInternals.REMOTE_ENDPOINT == null || TomcatInternals.SESSION_TYPE == null || !TomcatInternals.SESSION_TYPE.isInstance(session)) {
			return null;
		}
		try {
			return new TomcatWebSocketSupport((Object) TomcatInternals.REMOTE_ENDPOINT.invokeExact((Object) session), session,
					writeTimeoutMillis);
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
	public void startMessage(byte opcode, ByteBuffer payload, SendHandler handler) {
		try {
			TomcatInternals.START_MESSAGE.invokeExact(this.remoteEndpoint, opcode, payload, true, handler);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write whole frames that the caller built, in one gathering socket write, if no
	 * other message is being written and no extension transforms frames. The write never
	 * blocks: when the socket takes every byte at once (the common case), the handler
	 * runs before this method returns, on the calling thread; otherwise Tomcat runs it on
	 * one of its threads once the socket has taken the rest. Tomcat's own writes (a pong,
	 * a close) wait for it as for any message, and go out after it.
	 * @param frames the frames, header and payload each
	 * @param handler the completion handler
	 * @return {@code true} if the write started, {@code false} if the caller must send
	 * the messages one by one through {@link #startMessage}
	 */
	public boolean writeFrames(ByteBuffer[] frames, SendHandler handler) {
		Object socket = this.socket;
		if (socket == null || !this.messageInProgress.tryAcquire()) {
			return false;
		}
		try {
			if ((boolean) TomcatInternals.CLOSED.invokeExact(this.remoteEndpoint)) {
				this.messageInProgress.release();
				return false;
			}
			// Whatever the outcome, the handler runs: at once if the write failed at once
			Object state = (Object) TomcatInternals.SOCKET_WRITE.invokeExact(socket, TomcatInternals.SEMI_BLOCK, this.writeTimeoutMillis,
					TimeUnit.MILLISECONDS, (Object) null, TomcatInternals.COMPLETE_WRITE_WITH_COMPLETION,
					(CompletionHandler) new FramesWritten(handler), frames);
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
			TomcatInternals.END_MESSAGE.invokeExact(this.remoteEndpoint, handler, result);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Ends the message in Tomcat's books (releasing its semaphore and writing what it
	 * queued meanwhile), then completes the caller's write.
	 */
	private final class FramesWritten implements CompletionHandler<Long, Object> {

		private final SendHandler handler;

		FramesWritten(SendHandler handler) {
			this.handler = handler;
		}

		@Override
		public void completed(Long written, Object attachment) {
			endMessage(this.handler, new SendResult(TomcatWebSocketSupport.this.session));
		}

		@Override
		public void failed(Throwable failure, Object attachment) {
			endMessage(this.handler, new SendResult(TomcatWebSocketSupport.this.session, failure));
		}

	}

	/**
	 * Whether the socket is still open: after Tomcat reported the session closed, until
	 * the peer answers the close frame or the connection is closed.
	 * @return {@code true} while the socket is open
	 */
	public boolean isSocketOpen() {
		Object socketWrapper = this.socketWrapper;
		if (TomcatInternals.SOCKET_CLOSED == null || socketWrapper == null) {
			return false;
		}
		try {
			return !(boolean) TomcatInternals.SOCKET_CLOSED.invokeExact(socketWrapper);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * Close the connection of a session that sent its close frame and waits for the
	 * peer's, as Tomcat does once its close timeout expires: the session is marked
	 * closed, the socket closed and the session unregistered. Does nothing to a session
	 * in another state.
	 */
	public void expireClose() {
		if (TomcatInternals.SET_CLOSE_EXPIRY == null || TomcatInternals.CHECK_CLOSE_TIMEOUT == null) {
			return;
		}
		try {
			TomcatInternals.SET_CLOSE_EXPIRY.invokeExact((Object) this.session, (Long) (System.nanoTime() - 1));
			TomcatInternals.CHECK_CLOSE_TIMEOUT.invokeExact((Object) this.session);
		}
		catch (Throwable ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not close the connection of " + this.session.getId(), ex);
			}
		}
	}

	/**
	 * Have the JDK release the socket of a connection that Tomcat closed on an error, at
	 * once rather than when Tomcat's poller next wakes up. A channel registered with a
	 * selector is only closed for good once that selector next selects, and Tomcat's
	 * poller waits up to its selector timeout (a second) when nothing happens: until then
	 * a peer that does not read keeps the socket, and its buffers, and is not reset. Asking
	 * the poller to watch the closed socket wakes it up, and it drops the socket's key.
	 * Does nothing while the socket is open.
	 */
	public void releaseClosedSocket() {
		Object socketWrapper = this.socketWrapper;
		if (TomcatInternals.REGISTER_READ_INTEREST == null || socketWrapper == null || isSocketOpen()) {
			return;
		}
		try {
			TomcatInternals.REGISTER_READ_INTEREST.invokeExact(socketWrapper);
		}
		catch (Throwable ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not release the socket of " + this.session.getId(), ex);
			}
		}
	}

	/**
	 * Return read pacing through Tomcat's suspend and resume.
	 * @return the pacing
	 */
	public WsReadPacing readPacing() {
		return new WsReadPacing() {

			@Override
			public void pauseReading() {
				invoke(TomcatInternals.SUSPEND);
			}

			@Override
			public void resumeReading() {
				invoke(TomcatInternals.RESUME);
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
