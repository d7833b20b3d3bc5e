package io.multiws.endpoint;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Map;

import io.multiws.core.WsCloseException;
import io.multiws.core.WsEndpointHandler;
import io.multiws.core.WsReply;
import io.multiws.endpoint.WsReturnValueHandler.AsyncFailure;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsReplyException;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.util.ClassUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.util.ReflectionUtils;

/**
 * Calls the {@code @OnOpen}, {@code @OnMessage}, {@code @OnClose} and {@code @OnError}
 * methods of one bean, with arguments resolved by resolvers chosen at start-up, and sends
 * what they return: a plain value at once, a {@code CompletionStage}, {@code Mono} or
 * {@code Flux} as it completes or emits. An asynchronous result that fails goes to
 * {@code @OnError}, or closes the session with 1011; the subscriptions of a session are
 * cancelled when it closes. On an endpoint with replies enabled, a request goes to the
 * text {@code @OnMessage} method, whose result (or failure) is the reply.
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see AnnotatedEndpointFactory
 */
public final class AnnotatedWsEndpointHandler implements WsEndpointHandler {

	private static final Log logger = LogFactory.getLog(AnnotatedWsEndpointHandler.class);

	private final @Nullable HandshakeMethod handshake;

	private final @Nullable CallbackMethod open;

	private final @Nullable CallbackMethod text;

	private final @Nullable CallbackMethod binary;

	private final @Nullable CallbackMethod close;

	private final @Nullable CallbackMethod error;

	private final WsJsonCodec jsonCodec;

	private final SessionSubscriptions subscriptions;

	private final AsyncFailure toOnError = this::asyncFailed;

	private final NamedValue[] requestValues;

	AnnotatedWsEndpointHandler(@Nullable HandshakeMethod handshake, @Nullable CallbackMethod open, @Nullable CallbackMethod text,
			@Nullable CallbackMethod binary, @Nullable CallbackMethod close, @Nullable CallbackMethod error,
			WsJsonCodec jsonCodec, SessionSubscriptions subscriptions, NamedValue[] requestValues) {
		this.requestValues = requestValues;
		this.handshake = handshake;
		this.open = open;
		this.text = text;
		this.binary = binary;
		this.close = close;
		this.error = error;
		this.jsonCodec = jsonCodec;
		this.subscriptions = subscriptions;
	}

	@Override
	public boolean acceptsText() {
		return this.text != null;
	}

	@Override
	public boolean acceptsBinary() {
		return this.binary != null;
	}

	@Override
	public boolean handlesHandshake() {
		return this.handshake != null;
	}

	@Override
	public boolean checksRequest() {
		return this.requestValues.length > 0;
	}

	@Override
	public @Nullable String checkRequest(WsHandshake handshake) {
		Map<String, String> variables = handshake.variables();
		MultiValueMap<String, String> parameters = handshake.queryParameters();
		HttpHeaders headers = handshake.headers();
		for (NamedValue value : this.requestValues) {
			try {
				value.resolve(variables, parameters, headers);
			}
			catch (WsArgumentException ex) {
				return ex.getMessage();
			}
		}
		return null;
	}

	@Override
	public boolean onHandshake(WsHandshake request) throws Exception {
		return this.handshake == null || this.handshake.invoke(request);
	}

	@Override
	public void onOpen(WsSession session) throws Exception {
		if (this.open != null) {
			reply(session, this.open, this.open.invoke(new WsCallContext(session, null, null, null)));
		}
	}

	@Override
	public void onText(WsSession session, String message) throws Exception {
		CallbackMethod method = this.text;
		if (method == null) {
			throw new WsCloseException(WsCloseStatus.NOT_ACCEPTABLE.withReason("Text messages are not accepted"));
		}
		Object payload = message;
		if (method.jsonType != null) {
			try {
				payload = this.jsonCodec.read(message, method.jsonType);
			}
			catch (RuntimeException ex) {
				handleError(session, ex, new WsCloseException(WsCloseStatus.BAD_DATA.withReason("Invalid JSON for "
						+ ClassUtils.getShortName(method.parameters[method.payloadIndex].getParameterType())), ex));
				return;
			}
		}
		invokeMessage(method, session, payload);
	}

	@Override
	public boolean handlesRequests() {
		return true;
	}

	@Override
	public void onRequest(WsSession session, String text, WsReply reply) throws Exception {
		CallbackMethod method = this.text;
		if (method == null) {
			throw new WsCloseException(WsCloseStatus.NOT_ACCEPTABLE.withReason("Text messages are not accepted"));
		}
		Object payload = text;
		if (method.jsonType != null) {
			try {
				payload = this.jsonCodec.read(text, method.jsonType);
			}
			catch (RuntimeException ex) {
				reply.error(new WsReplyException("Invalid JSON for "
						+ ClassUtils.getShortName(method.parameters[method.payloadIndex].getParameterType())));
				return;
			}
		}
		method.returnValues.reply(method.invoke(new WsCallContext(session, payload, null, null)), session, reply);
	}

	@Override
	public void onBinary(WsSession session, ByteBuffer message) throws Exception {
		CallbackMethod method = this.binary;
		if (method == null) {
			throw new WsCloseException(WsCloseStatus.NOT_ACCEPTABLE.withReason("Binary messages are not accepted"));
		}
		Object payload = message;
		if (method.parameters[method.payloadIndex].getParameterType() == byte[].class) {
			byte[] bytes = new byte[message.remaining()];
			message.get(bytes);
			payload = bytes;
		}
		invokeMessage(method, session, payload);
	}

	@Override
	public void onClose(WsSession session, WsCloseStatus status) throws Exception {
		this.subscriptions.cancelAll(session);
		if (this.close != null) {
			this.close.invoke(new WsCallContext(session, null, status, null));
		}
	}

	private void invokeMessage(CallbackMethod method, WsSession session, Object payload) throws Exception {
		Object result;
		try {
			result = method.invoke(new WsCallContext(session, payload, null, null));
		}
		catch (Exception ex) {
			handleError(session, ex, ex);
			return;
		}
		reply(session, method, result);
	}

	private void handleError(WsSession session, Exception ex, Exception otherwise) throws Exception {
		if (this.error == null) {
			throw otherwise;
		}
		reply(session, this.error, this.error.invoke(new WsCallContext(session, null, null, ex)));
	}

	private void reply(WsSession session, CallbackMethod method, @Nullable Object result) {
		if (result != null) {
			method.returnValues.handle(result, session,
					(method != this.error) ? this.toOnError : AnnotatedWsEndpointHandler::closeAfterFailure);
		}
	}

	private void asyncFailed(WsSession session, Throwable failure) {
		CallbackMethod method = this.error;
		if (method == null || !session.isOpen()) {
			closeAfterFailure(session, failure);
			return;
		}
		try {
			reply(session, method, method.invoke(new WsCallContext(session, null, null, failure)));
		}
		catch (Exception ex) {
			closeAfterFailure(session, ex);
		}
	}

	private static void closeAfterFailure(WsSession session, Throwable failure) {
		if (failure instanceof WsCloseException closeException) {
			session.close(closeException.getStatus());
			return;
		}
		if (session.isOpen()) {
			logger.error("Asynchronous result of a callback of WebSocket endpoint '" + session.hub().endpoint()
					+ "' failed for session " + session.id() + " on " + session.hub().path()
					+ "; closing the session with 1011", failure);
			session.close(WsCloseStatus.SERVER_ERROR.withReason("Internal error in endpoint callback"));
		}
	}

	/**
	 * Return the number of sessions with live subscriptions to reactive return values.
	 * @return the session count
	 */
	int subscribedSessions() {
		return this.subscriptions.sessionCount();
	}

	/**
	 * One callback method with its argument resolvers.
	 */
	static final class CallbackMethod {

		private final Object bean;

		private final Method method;

		private final MethodParameter[] parameters;

		private final @Nullable WsArgumentResolver[] resolvers;

		private final int payloadIndex;

		private final @Nullable Type jsonType;

		private final WsReturnValueHandler returnValues;

		CallbackMethod(Object bean, Method method, MethodParameter[] parameters, @Nullable WsArgumentResolver[] resolvers,
				int payloadIndex, @Nullable Type jsonType, WsReturnValueHandler returnValues) {
			this.bean = bean;
			this.method = method;
			this.parameters = parameters;
			this.resolvers = resolvers;
			this.payloadIndex = payloadIndex;
			this.jsonType = jsonType;
			this.returnValues = returnValues;
			ReflectionUtils.makeAccessible(method);
		}

		@Nullable Object invoke(WsCallContext context) throws Exception {
			Object[] args = new Object[this.parameters.length];
			for (int i = 0; i < args.length; i++) {
				WsArgumentResolver resolver = this.resolvers[i];
				args[i] = (resolver != null) ? resolver.resolveArgument(this.parameters[i], context) : context.payload();
			}
			try {
				return this.method.invoke(this.bean, args);
			}
			catch (InvocationTargetException ex) {
				Throwable target = ex.getTargetException();
				if (target instanceof Exception exception) {
					throw exception;
				}
				if (target instanceof Error err) {
					throw err;
				}
				throw new IllegalStateException(target);
			}
		}

		int parameterCount() {
			return this.parameters.length;
		}

		MethodParameter parameter(int index) {
			return this.parameters[index];
		}

		@Nullable WsArgumentResolver resolver(int index) {
			return this.resolvers[index];
		}

		boolean isBinary() {
			if (this.payloadIndex == -1) {
				return false;
			}
			Class<?> type = this.parameters[this.payloadIndex].getParameterType();
			return type == byte[].class || type == ByteBuffer.class;
		}

		@Override
		public String toString() {
			return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
		}

	}

}
