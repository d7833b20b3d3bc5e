package io.multiws.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.eclipse.jetty.websocket.core.exception.WebSocketException;
import org.eclipse.jetty.websocket.core.internal.Parser;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's frame parser with the RFC 6455 rules it leaves out: a data frame whose header
 * announces more bytes than the endpoint takes in a message is refused with 1009 as soon
 * as its header is read (Jetty waits for a first payload byte, or for the whole message
 * when it fragments frames itself), and a 64-bit length with its most significant bit
 * set with 1002 (Jetty reads it as too large, 1009). The limit applies to the frame as
 * sent, compressed or not, as on Reactor Netty and Tomcat.
 * <p>
 * It takes the place of a connection's parser when the session opens, before the
 * connection reads a frame; per read, it adds a field read and a comparison to Jetty's
 * parsing. The connection's and the parser's fields are found once by reflection; where a
 * Jetty version lacks them, Jetty's own parser stays in place (logged once at DEBUG).
 *
 * @author multi-ws team
 */
final class JettyFrameRules extends Parser {

	private static final Log logger = LogFactory.getLog(JettyFrameRules.class);

	private static final @Nullable MethodHandle CONNECTION;

	private static final @Nullable MethodHandle PARSER;

	private static final @Nullable MethodHandle SET_PARSER;

	private static final @Nullable MethodHandle STATE;

	private static final @Nullable MethodHandle CURSOR;

	private static final @Nullable MethodHandle FIRST_BYTE;

	private static final @Nullable Object START;

	private static final @Nullable Object PAYLOAD_LENGTH;

	private static final @Nullable Object PAYLOAD_LENGTH_BYTES;

	static {
		MethodHandle connection = null;
		MethodHandle parser = null;
		MethodHandle setParser = null;
		MethodHandle state = null;
		MethodHandle cursor = null;
		MethodHandle firstByte = null;
		Object start = null;
		Object payloadLength = null;
		Object payloadLengthBytes = null;
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			connection = lookup.unreflectGetter(accessible(WebSocketCoreSession.class, "connection"))
				.asType(MethodType.methodType(Object.class, WebSocketCoreSession.class));
			Field parserField = accessible(WebSocketConnection.class, "parser");
			parser = lookup.unreflectGetter(parserField).asType(MethodType.methodType(Parser.class, Object.class));
			setParser = lookup.unreflectSetter(parserField)
				.asType(MethodType.methodType(void.class, Object.class, Parser.class));
			Field stateField = accessible(Parser.class, "state");
			state = lookup.unreflectGetter(stateField).asType(MethodType.methodType(Object.class, Parser.class));
			cursor = lookup.unreflectGetter(accessible(Parser.class, "cursor"))
				.asType(MethodType.methodType(int.class, Parser.class));
			firstByte = lookup.unreflectGetter(accessible(Parser.class, "firstByte"))
				.asType(MethodType.methodType(byte.class, Parser.class));
			start = constant(stateField.getType(), "START");
			payloadLength = constant(stateField.getType(), "PAYLOAD_LEN");
			payloadLengthBytes = constant(stateField.getType(), "PAYLOAD_LEN_BYTES");
		}
		catch (Throwable ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Jetty's frame parser is out of reach (" + ex + "): Jetty answers a frame over the "
						+ "limit once its payload arrives, and a negative frame length with 1009");
			}
			connection = null;
		}
		CONNECTION = connection;
		PARSER = parser;
		SET_PARSER = setParser;
		STATE = state;
		CURSOR = cursor;
		FIRST_BYTE = firstByte;
		START = start;
		PAYLOAD_LENGTH = payloadLength;
		PAYLOAD_LENGTH_BYTES = payloadLengthBytes;
	}

	private final long maxFrameLength;

	private JettyFrameRules(WebSocketCoreSession session, long maxFrameLength) {
		super(session.getByteBufferPool(), session);
		this.maxFrameLength = maxFrameLength;
	}

	/**
	 * Whether the rules can take the place of Jetty's frame parser, as found when this
	 * class loaded.
	 * @return {@code true} if Jetty's internals for it are reachable
	 */
	static boolean isAvailable() {
		return CONNECTION != null;
	}

	/**
	 * Put the rules in place of the frame parser of a Jetty session that has not read a
	 * frame yet, such as from its listener's {@code onWebSocketOpen}.
	 * @param session the session
	 * @param maxFrameLength the most payload bytes a data frame may announce
	 * @return {@code true} if the rules are in place, {@code false} if Jetty's internals
	 * are out of reach
	 */
	static boolean install(Session session, long maxFrameLength) {
		if (CONNECTION == null || !(session instanceof WebSocketSession jettySession)
				|| !(jettySession.getCoreSession() instanceof WebSocketCoreSession coreSession)) {
			return false;
		}
		try {
			Object connection = (Object) CONNECTION.invokeExact(coreSession);
			Parser parser = (Parser) PARSER.invokeExact(connection);
			if (!(parser instanceof JettyFrameRules)) {
				SET_PARSER.invokeExact(connection, (Parser) new JettyFrameRules(coreSession, maxFrameLength));
			}
			return true;
		}
		catch (Throwable ex) {
			return false;
		}
	}

	@Override
	public Frame.@Nullable Parsed parse(ByteBuffer buffer) throws WebSocketException {
		int start = buffer.position();
		Object before = field(STATE);
		Frame.Parsed frame;
		try {
			frame = super.parse(buffer);
		}
		catch (MessageTooLargeException ex) {
			if (negativeLength(buffer, start, before)) {
				throw new ProtocolException("Frame length with its most significant bit set");
			}
			throw ex;
		}
		if (getPayloadLength() > this.maxFrameLength && announcedDataFrame()) {
			if (frame != null) {
				frame.close();
			}
			throw new MessageTooLargeException("Frame of at least " + getPayloadLength()
					+ " bytes is over the limit of " + this.maxFrameLength + " bytes");
		}
		return frame;
	}

	/**
	 * Whether the parser is past the length of a data frame, rather than holding the
	 * length of the frame it last completed.
	 */
	private boolean announcedDataFrame() {
		Object state = field(STATE);
		return state != START && state != PAYLOAD_LENGTH && !OpCode.isControlFrame(OpCode.getOpCode(firstByte()));
	}

	/**
	 * Whether Jetty refused the first byte of a 64-bit length because its most significant
	 * bit is set: the only byte of a length Jetty can refuse as negative. Each call reads
	 * at most one frame, so the bytes it took before refusing are that frame's header.
	 */
	private boolean negativeLength(ByteBuffer buffer, int start, @Nullable Object before) {
		if (cursor() != 7) {
			return false;
		}
		int first = (before == START) ? start + 2 : (before == PAYLOAD_LENGTH) ? start + 1
				: (before == PAYLOAD_LENGTH_BYTES) ? start : -1;
		return first >= 0 && first < buffer.limit() && buffer.get(first) < 0;
	}

	private @Nullable Object field(@Nullable MethodHandle getter) {
		try {
			return (Object) getter.invokeExact((Parser) this);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private int cursor() {
		try {
			return (int) CURSOR.invokeExact((Parser) this);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte firstByte() {
		try {
			return (byte) FIRST_BYTE.invokeExact((Parser) this);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		return field;
	}

	private static Object constant(Class<?> enumType, String name) {
		for (Object constant : enumType.getEnumConstants()) {
			if (((Enum<?>) constant).name().equals(name)) {
				return constant;
			}
		}
		throw new IllegalStateException("No parser state " + name);
	}

}
