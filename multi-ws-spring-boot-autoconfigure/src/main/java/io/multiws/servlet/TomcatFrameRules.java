package io.multiws.servlet;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.MessagePart;
import org.apache.tomcat.websocket.Transformation;
import org.apache.tomcat.websocket.TransformationResult;
import org.apache.tomcat.websocket.WsIOException;
import org.jspecify.annotations.Nullable;

/**
 * The RFC 6455 rules that Tomcat's frame parser leaves out, put in front of it on a
 * session before it reads its first frame: a data frame whose header announces more
 * bytes than the endpoint takes in a message is refused with 1009 from its header alone
 * (Tomcat waits for the payload, however long it takes to come), and a close frame whose
 * reason is not UTF-8 with 1007 (Tomcat answers 1002). The limit applies to the frame as
 * sent, compressed or not, as on Reactor Netty. Once a session asks for them
 * ({@link #answerPings}), pings go to multi-ws, which answers them without blocking:
 * Tomcat's own pong is a blocking write on the thread that read the ping, which a peer
 * that does not read holds for as long as the write may wait. Tomcat then takes the
 * frame for a pong, a sign of life.
 * <p>
 * Tomcat reads every frame's payload through the first {@code Transformation} of its
 * parser (the unmasking, or permessage-deflate in front of it): these rules take that
 * place and hand every call on, with one comparison per call. Tomcat's parser and session
 * fields are found once by reflection; where a Tomcat version lacks them, Tomcat's own
 * parsing stays in place (logged once at DEBUG). Callers check that Tomcat's
 * {@code org.apache.tomcat.websocket.WsFrameBase} is present before they load this class,
 * which links against it.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class TomcatFrameRules implements Transformation {

	private static final String TOMCAT_FRAME_PARSER = "org.apache.tomcat.websocket.WsFrameBase";

	private static final Log logger = LogFactory.getLog(TomcatFrameRules.class);

	private static final byte CLOSE = 0x8;

	private static final byte PING = 0x9;

	private static final byte PONG = 0xA;

	private static final @Nullable Class<?> SESSION_TYPE;

	private static final @Nullable MethodHandle FRAME;

	private static final @Nullable MethodHandle TRANSFORMATION;

	private static final @Nullable MethodHandle SET_TRANSFORMATION;

	private static final @Nullable MethodHandle PAYLOAD_LENGTH;

	private static final @Nullable MethodHandle SET_OP_CODE;

	static {
		Class<?> sessionType = null;
		MethodHandle frame = null;
		MethodHandle transformation = null;
		MethodHandle setTransformation = null;
		MethodHandle payloadLength = null;
		MethodHandle setOpCode = null;
		try {
			ClassLoader classLoader = TomcatFrameRules.class.getClassLoader();
			Class<?> frameType = Class.forName(TOMCAT_FRAME_PARSER, false, classLoader);
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			Field first = accessible(frameType.getDeclaredField("transformation"));
			transformation = lookup.unreflectGetter(first)
				.asType(MethodType.methodType(Transformation.class, Object.class));
			setTransformation = lookup.unreflectSetter(first)
				.asType(MethodType.methodType(void.class, Object.class, Transformation.class));
			payloadLength = lookup.unreflectGetter(accessible(frameType.getDeclaredField("payloadLength")))
				.asType(MethodType.methodType(long.class, Object.class));
			setOpCode = lookup.unreflectSetter(accessible(frameType.getDeclaredField("opCode")))
				.asType(MethodType.methodType(void.class, Object.class, byte.class));
			sessionType = Class.forName("org.apache.tomcat.websocket.WsSession", false, classLoader);
			frame = lookup.unreflectGetter(accessible(sessionType.getDeclaredField("wsFrame")))
				.asType(MethodType.methodType(Object.class, Object.class));
		}
		catch (Throwable ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Tomcat's frame parser is out of reach (" + ex + "): Tomcat answers a frame over the "
						+ "limit once its payload arrives, and a close reason that is not UTF-8 with 1002");
			}
			sessionType = null;
		}
		SESSION_TYPE = sessionType;
		FRAME = frame;
		TRANSFORMATION = transformation;
		SET_TRANSFORMATION = setTransformation;
		PAYLOAD_LENGTH = payloadLength;
		SET_OP_CODE = setOpCode;
	}

	private final Object frame;

	private final Transformation next;

	private final long maxFrameLength;

	private volatile @Nullable Consumer<byte[]> pings;

	private TomcatFrameRules(Object frame, Transformation next, long maxFrameLength) {
		this.frame = frame;
		this.next = next;
		this.maxFrameLength = maxFrameLength;
	}

	/**
	 * Whether the rules can be put in front of Tomcat's frame parser, as found when this
	 * class loaded.
	 * @return {@code true} if Tomcat's internals for it are reachable
	 */
	public static boolean isAvailable() {
		return SESSION_TYPE != null;
	}

	/**
	 * Put the rules in front of the frame parser of a Tomcat session that has not read a
	 * frame yet, such as from its endpoint's {@code onOpen}.
	 * @param session the session, of Tomcat or not
	 * @param maxFrameLength the most payload bytes a data frame may announce
	 * @return {@code true} if the rules are in place, {@code false} if the session is not
	 * Tomcat's or Tomcat's internals are out of reach
	 */
	public static boolean install(Session session, long maxFrameLength) {
		if (SESSION_TYPE == null || !SESSION_TYPE.isInstance(session)) {
			return false;
		}
		try {
			Object frame = (Object) FRAME.invokeExact((Object) session);
			Transformation first = (Transformation) TRANSFORMATION.invokeExact(frame);
			if (!(first instanceof TomcatFrameRules)) {
				SET_TRANSFORMATION.invokeExact(frame, (Transformation) new TomcatFrameRules(frame, first,
						maxFrameLength));
			}
			return true;
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * Hand the pings of a session whose rules are in place to the given handler, which
	 * must answer them without blocking, rather than to Tomcat.
	 * @param session the session
	 * @param handler the handler, called with each ping's application data on the thread
	 * that read it
	 * @return {@code true} if pings go to the handler, {@code false} if Tomcat keeps
	 * answering them (the rules are not in place)
	 */
	public static boolean answerPings(Session session, Consumer<byte[]> handler) {
		if (SESSION_TYPE == null || !SESSION_TYPE.isInstance(session)) {
			return false;
		}
		try {
			Object frame = (Object) FRAME.invokeExact((Object) session);
			if ((Transformation) TRANSFORMATION.invokeExact(frame) instanceof TomcatFrameRules rules) {
				rules.pings = handler;
				return true;
			}
			return false;
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static Field accessible(Field field) {
		field.setAccessible(true);
		return field;
	}

	@Override
	public TransformationResult getMoreData(byte opCode, boolean fin, int rsv, ByteBuffer dest) throws IOException {
		if (opCode < CLOSE) {
			checkLength();
		}
		else if (opCode == CLOSE) {
			return closeFrame(fin, rsv, dest);
		}
		else if (opCode == PING) {
			Consumer<byte[]> pings = this.pings;
			if (pings != null) {
				return ping(fin, rsv, dest, pings);
			}
		}
		return this.next.getMoreData(opCode, fin, rsv, dest);
	}

	private TransformationResult ping(boolean fin, int rsv, ByteBuffer dest, Consumer<byte[]> pings)
			throws IOException {
		TransformationResult result = this.next.getMoreData(PING, fin, rsv, dest);
		if (result == TransformationResult.END_OF_FRAME) {
			byte[] payload = new byte[dest.position()];
			dest.duplicate().flip().get(payload);
			try {
				SET_OP_CODE.invokeExact(this.frame, PONG);
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
			pings.accept(payload);
		}
		return result;
	}

	private void checkLength() throws WsIOException {
		long length;
		try {
			length = (long) PAYLOAD_LENGTH.invokeExact(this.frame);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		if (length > this.maxFrameLength) {
			throw new WsIOException(new CloseReason(CloseCodes.TOO_BIG,
					"Frame of " + length + " bytes is over the limit of " + this.maxFrameLength + " bytes"));
		}
	}

	private TransformationResult closeFrame(boolean fin, int rsv, ByteBuffer dest) throws IOException {
		TransformationResult result = this.next.getMoreData(CLOSE, fin, rsv, dest);
		if (result == TransformationResult.END_OF_FRAME && dest.position() > 2) {
			ByteBuffer reason = dest.duplicate().flip().position(2);
			try {
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(reason);
			}
			catch (CharacterCodingException ex) {
				throw new WsIOException(new CloseReason(CloseCodes.NOT_CONSISTENT, "Close reason is not UTF-8"));
			}
		}
		return result;
	}

	@Override
	public boolean validateRsv(int rsv, byte opCode) {
		return this.next.validateRsv(rsv, opCode);
	}

	@Override
	public void setNext(Transformation t) {
		throw new UnsupportedOperationException("Put in place once the parser's chain is complete");
	}

	@Override
	public boolean validateRsvBits(int i) {
		return this.next.validateRsvBits(i);
	}

	@Override
	public Extension getExtensionResponse() {
		return this.next.getExtensionResponse();
	}

	@Override
	public List<MessagePart> sendMessagePart(List<MessagePart> messageParts) throws IOException {
		return this.next.sendMessagePart(messageParts);
	}

	@Override
	public void close() {
		this.next.close();
	}

}
