package io.multiws.container.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The capability probe of {@link TomcatWebSocketSupport}: finds Tomcat's WebSocket
 * internals once by reflection, when this class loads, so that nothing links against
 * Tomcat, and keeps a handle to each. A handle is {@code null} when its internal is not
 * reachable (not on Tomcat, or a Tomcat version without it), and its whole group with it;
 * what is not reachable is reported once at INFO.
 *
 * @author multi-ws team
 */
final class TomcatInternals {

	private static final Log logger = LogFactory.getLog(TomcatInternals.class);

	static final @Nullable Class<?> SESSION_TYPE;

	static final @Nullable Class<?> SERVER_ENDPOINT_TYPE;

	static final @Nullable MethodHandle REMOTE_ENDPOINT;

	static final @Nullable MethodHandle START_MESSAGE;

	static final @Nullable MethodHandle SOCKET_WRAPPER;

	static final @Nullable MethodHandle HAS_ASYNC_IO;

	static final @Nullable MethodHandle SOCKET_WRITE;

	static final @Nullable Object SEMI_BLOCK;

	static final @Nullable Object COMPLETE_WRITE_WITH_COMPLETION;

	static final @Nullable MethodHandle END_MESSAGE;

	static final @Nullable MethodHandle MESSAGE_IN_PROGRESS;

	static final @Nullable MethodHandle CLOSED;

	static final @Nullable MethodHandle SUSPEND;

	static final @Nullable MethodHandle RESUME;

	static final @Nullable MethodHandle SOCKET_CLOSED;

	static final @Nullable MethodHandle SET_CLOSE_EXPIRY;

	static final @Nullable MethodHandle CHECK_CLOSE_TIMEOUT;

	static final @Nullable MethodHandle REGISTER_READ_INTEREST;

	static {
		Class<?> sessionType = null;
		Class<?> serverEndpoint = null;
		MethodHandle remoteEndpoint = null;
		MethodHandle startMessage = null;
		MethodHandle suspend = null;
		MethodHandle resume = null;
		MethodHandle socketWrapper = null;
		MethodHandle hasAsyncIo = null;
		MethodHandle socketWrite = null;
		Object semiBlock = null;
		Object completeWrite = null;
		MethodHandle endMessage = null;
		MethodHandle messageInProgress = null;
		MethodHandle closed = null;
		try {
			ClassLoader classLoader = TomcatInternals.class.getClassLoader();
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
			Class<?> serverEndpointType = Class.forName("org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
					false, classLoader);
			serverEndpoint = serverEndpointType;
			Field wrapper = serverEndpointType.getDeclaredField("socketWrapper");
			wrapper.setAccessible(true);
			socketWrapper = lookup.unreflectGetter(wrapper).asType(MethodType.methodType(Object.class, Object.class));
			Class<?> wrapperType = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase", false, classLoader);
			Class<?> blockingMode = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase$BlockingMode", false,
					classLoader);
			Class<?> completionCheck = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase$CompletionCheck",
					false, classLoader);
			hasAsyncIo = lookup.unreflect(wrapperType.getMethod("hasAsyncIO"))
				.asType(MethodType.methodType(boolean.class, Object.class));
			socketWrite = lookup
				.unreflect(wrapperType.getMethod("write", blockingMode, long.class, TimeUnit.class, Object.class,
						completionCheck, CompletionHandler.class, ByteBuffer[].class))
				.asType(MethodType.methodType(Object.class, Object.class, Object.class, long.class, TimeUnit.class,
						Object.class, Object.class, CompletionHandler.class, ByteBuffer[].class));
			semiBlock = blockingMode.getField("SEMI_BLOCK").get(null);
			completeWrite = wrapperType.getField("COMPLETE_WRITE_WITH_COMPLETION").get(null);
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
			serverEndpoint = null;
			logger.info("Tomcat's WebSocket internals are not reachable (" + ex
					+ "); multi-ws uses the portable Jakarta API on Tomcat, with blocking pings and no read pacing");
			remoteEndpoint = null;
			startMessage = null;
			suspend = null;
			resume = null;
			socketWrapper = null;
			hasAsyncIo = null;
			socketWrite = null;
			semiBlock = null;
			completeWrite = null;
			endMessage = null;
			messageInProgress = null;
			closed = null;
		}
		SESSION_TYPE = sessionType;
		SERVER_ENDPOINT_TYPE = serverEndpoint;
		REMOTE_ENDPOINT = remoteEndpoint;
		START_MESSAGE = startMessage;
		SUSPEND = suspend;
		RESUME = resume;
		SOCKET_WRAPPER = socketWrapper;
		HAS_ASYNC_IO = hasAsyncIo;
		SOCKET_WRITE = socketWrite;
		SEMI_BLOCK = semiBlock;
		COMPLETE_WRITE_WITH_COMPLETION = completeWrite;
		END_MESSAGE = endMessage;
		MESSAGE_IN_PROGRESS = messageInProgress;
		CLOSED = closed;
		MethodHandle socketClosed = null;
		MethodHandle setCloseExpiry = null;
		MethodHandle checkCloseTimeout = null;
		MethodHandle registerReadInterest = null;
		if (sessionType != null && socketWrapper != null) {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				Class<?> wrapperType = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase", false,
						TomcatInternals.class.getClassLoader());
				socketClosed = lookup.unreflect(wrapperType.getMethod("isClosed"))
					.asType(MethodType.methodType(boolean.class, Object.class));
				Field expiry = sessionType.getDeclaredField("sessionCloseTimeoutExpiry");
				expiry.setAccessible(true);
				setCloseExpiry = lookup.unreflectSetter(expiry)
					.asType(MethodType.methodType(void.class, Object.class, Long.class));
				Method check = sessionType.getDeclaredMethod("checkCloseTimeout");
				check.setAccessible(true);
				checkCloseTimeout = lookup.unreflect(check).asType(MethodType.methodType(void.class, Object.class));
				registerReadInterest = lookup.unreflect(wrapperType.getMethod("registerReadInterest"))
					.asType(MethodType.methodType(void.class, Object.class));
			}
			catch (Throwable ex) {
				logger.info("Tomcat's WebSocket close timeout is not reachable (" + ex + "); multi-ws gives back "
						+ "a session's admission slot once Tomcat sent its close frame, and Tomcat keeps the socket "
						+ "until its own close timeout");
				socketClosed = null;
				setCloseExpiry = null;
				checkCloseTimeout = null;
				registerReadInterest = null;
			}
		}
		SOCKET_CLOSED = socketClosed;
		SET_CLOSE_EXPIRY = setCloseExpiry;
		CHECK_CLOSE_TIMEOUT = checkCloseTimeout;
		REGISTER_READ_INTEREST = registerReadInterest;
	}

	private TomcatInternals() {
	}

	/**
	 * Whether sessions without an extension can have their frames written straight to
	 * Tomcat's socket.
	 * @return {@code true} if Tomcat's internals for it are reachable
	 */
	static boolean directWritesAvailable() {
		return SOCKET_WRITE != null && SERVER_ENDPOINT_TYPE != null;
	}

	/**
	 * Whether sessions' reads can be suspended and resumed.
	 * @return {@code true} if Tomcat's internals for it are reachable
	 */
	static boolean readPacingAvailable() {
		return SUSPEND != null && RESUME != null;
	}

}
