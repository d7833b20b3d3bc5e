package io.multiws.endpoint;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.multiws.annotation.OnClose;
import io.multiws.annotation.OnError;
import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.hub.WsJsonCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds the callback methods of a {@code @WsEndpoint} bean once at start-up, checks
 * their signatures and prepares their argument resolvers.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class AnnotatedEndpointFactory {

	private static final List<Class<? extends Annotation>> CALLBACKS = List.of(OnHandshake.class, OnOpen.class,
			OnMessage.class, OnClose.class, OnError.class);

	private final WsArgumentResolverComposite resolvers;

	private final WsJsonCodec jsonCodec;

	private final ConversionService conversionService;

	/**
	 * Create a factory.
	 * @param resolvers the argument resolvers
	 * @param jsonCodec the codec for JSON payloads
	 * @param conversionService the conversion service for handshake values
	 */
	public AnnotatedEndpointFactory(WsArgumentResolverComposite resolvers, WsJsonCodec jsonCodec,
			ConversionService conversionService) {
		this.resolvers = resolvers;
		this.jsonCodec = jsonCodec;
		this.conversionService = conversionService;
	}

	/**
	 * Whether a bean type declares at least one callback method.
	 * @param type the bean type
	 * @return {@code true} if it has callbacks
	 */
	public static boolean hasCallbacks(Class<?> type) {
		return !MethodIntrospector.selectMethods(type, AnnotatedEndpointFactory::callbackOf).isEmpty();
	}

	/**
	 * Create the handler of an annotated endpoint bean.
	 * @param beanName the bean name
	 * @param bean the bean
	 * @param patterns the final path patterns of the endpoint
	 * @return the handler
	 * @throws InvalidWsEndpointException if a callback signature is wrong
	 */
	public AnnotatedWsEndpointHandler create(String beanName, Object bean, List<PathPattern> patterns) {
		Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		Map<Method, Class<? extends Annotation>> methods = MethodIntrospector.selectMethods(type,
				AnnotatedEndpointFactory::callbackOf);
		Callbacks callbacks = new Callbacks(beanName);
		SessionSubscriptions subscriptions = new SessionSubscriptions();
		methods.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			if (annotation == OnHandshake.class) {
				HandshakeMethod handshake = createHandshakeMethod(beanName, bean, invocable, patterns);
				callbacks.handshake(handshake);
				handshake.parameters().forEach((parameter) -> callbacks.checkBeforeUpgrade(namedValue(parameter)));
			}
			else {
				AnnotatedWsEndpointHandler.CallbackMethod callback = createMethod(beanName, bean, invocable, annotation,
						patterns, subscriptions);
				callbacks.add(annotation, callback);
				for (int i = 0; i < callback.parameterCount(); i++) {
					if (callback.resolver(i) instanceof StandardArgumentResolvers.NamedValueResolver) {
						callbacks.checkBeforeUpgrade(namedValue(callback.parameter(i)));
					}
				}
			}
		});
		return new AnnotatedWsEndpointHandler(callbacks.handshake, callbacks.open, callbacks.text, callbacks.binary,
				callbacks.close, callbacks.error, this.jsonCodec, subscriptions,
				callbacks.requestValues.toArray(NamedValue[]::new));
	}

	private static @Nullable Class<? extends Annotation> callbackOf(Method method) {
		List<Class<? extends Annotation>> found = CALLBACKS.stream()
			.filter((annotation) -> AnnotatedElementUtils.hasAnnotation(method, annotation))
			.toList();
		if (found.size() > 1) {
			throw new InvalidWsEndpointException("Method " + method.toGenericString() + " has more than one of "
					+ found.stream().map((a) -> "@" + a.getSimpleName()).collect(Collectors.joining(", "))
					+ ": a method can be one callback only");
		}
		return found.isEmpty() ? null : found.get(0);
	}

	private AnnotatedWsEndpointHandler.CallbackMethod createMethod(String beanName, Object bean, Method method,
			Class<? extends Annotation> callback, List<PathPattern> patterns, SessionSubscriptions subscriptions) {
		int count = method.getParameterCount();
		MethodParameter[] parameters = new MethodParameter[count];
		WsArgumentResolver[] resolvers = new WsArgumentResolver[count];
		int payloadIndex = -1;
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			parameters[i] = parameter;
			resolvers[i] = this.resolvers.getResolver(parameter);
			if (resolvers[i] == null) {
				if (callback != OnMessage.class || payloadIndex != -1) {
					throw invalid(beanName, method, callback, "parameter " + i + " of type "
							+ parameter.getGenericParameterType().getTypeName() + " cannot be resolved"
							+ ((callback == OnMessage.class) ? " (the payload is parameter " + payloadIndex + ")" : ""));
				}
				payloadIndex = i;
			}
			checkPathVariable(beanName, method, callback, parameter, patterns);
			if (resolvers[i] instanceof StandardArgumentResolvers.NamedValueResolver) {
				try {
					NamedValue.of(parameter, this.conversionService);
				}
				catch (IllegalArgumentException ex) {
					throw invalid(beanName, method, callback, ex.getMessage());
				}
			}
		}
		if (callback == OnMessage.class && payloadIndex == -1) {
			throw invalid(beanName, method, callback, "no payload parameter (String, byte[], ByteBuffer or a JSON type)");
		}
		Type jsonType = (payloadIndex != -1 && kindOf(parameters[payloadIndex]) == Kind.JSON)
				? parameters[payloadIndex].getGenericParameterType() : null;
		return new AnnotatedWsEndpointHandler.CallbackMethod(bean, method, parameters, resolvers, payloadIndex,
				jsonType, WsReturnValueHandler.forReturnType(method.getReturnType(), subscriptions));
	}

	private HandshakeMethod createHandshakeMethod(String beanName, Object bean, Method method,
			List<PathPattern> patterns) {
		try {
			HandshakeMethod handshakeMethod = HandshakeMethod.create(bean, method, this.conversionService);
			for (int i = 0; i < method.getParameterCount(); i++) {
				checkPathVariable(beanName, method, OnHandshake.class, new MethodParameter(method, i), patterns);
			}
			return handshakeMethod;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsEndpointException("Invalid @OnHandshake method " + method.getDeclaringClass().getSimpleName()
					+ "." + method.getName() + " of @WsEndpoint bean '" + beanName + "': " + ex.getMessage()
					+ ". Allowed: " + HandshakeMethod.ALLOWED);
		}
	}

	private @Nullable NamedValue namedValue(MethodParameter parameter) {
		return StandardArgumentResolvers.hasBindingAnnotation(parameter)
				? NamedValue.of(parameter, this.conversionService) : null;
	}

	private static void checkPathVariable(String beanName, Method method, Class<? extends Annotation> callback,
			MethodParameter parameter, List<PathPattern> patterns) {
		PathVariable annotation = StandardArgumentResolvers.annotation(parameter, PathVariable.class);
		if (annotation == null || parameter.getParameterType() == Map.class) {
			return;
		}
		String name = StandardArgumentResolvers.nameOf(parameter, annotation.name());
		for (PathPattern pattern : patterns) {
			if (!variableNames(pattern.getPatternString()).contains(name)) {
				throw invalid(beanName, method, callback,
						"@PathVariable '" + name + "' is not a variable of path pattern '" + pattern.getPatternString()
								+ "' (variables: " + variableNames(pattern.getPatternString()) + ")");
			}
		}
	}

	/**
	 * Return the variable names of a path pattern, such as {@code room} for
	 * {@code /rooms/{room}} and {@code path} for {@code /files/{*path}}.
	 * @param pattern the pattern text
	 * @return the names, in order
	 */
	static Set<String> variableNames(String pattern) {
		Set<String> names = new LinkedHashSet<>();
		int depth = 0;
		StringBuilder name = null;
		for (char c : pattern.toCharArray()) {
			if (c == '{') {
				depth++;
				if (depth == 1) {
					name = new StringBuilder();
					continue;
				}
			}
			else if (c == '}') {
				depth--;
				if (depth == 0 && name != null) {
					String variable = name.toString();
					int colon = variable.indexOf(':');
					variable = (colon != -1) ? variable.substring(0, colon) : variable;
					names.add(variable.startsWith("*") ? variable.substring(1) : variable);
					name = null;
					continue;
				}
			}
			if (name != null) {
				name.append(c);
			}
		}
		return names;
	}

	private static Kind kindOf(MethodParameter payload) {
		Class<?> type = payload.getParameterType();
		if (type == String.class) {
			return Kind.TEXT;
		}
		if (type == byte[].class || type == ByteBuffer.class) {
			return Kind.BINARY;
		}
		return Kind.JSON;
	}

	private static InvalidWsEndpointException invalid(String beanName, Method method,
			Class<? extends Annotation> callback, String problem) {
		return new InvalidWsEndpointException("Invalid @" + callback.getSimpleName() + " method "
				+ method.getDeclaringClass().getSimpleName() + "." + method.getName() + " of @WsEndpoint bean '"
				+ beanName + "': " + problem + ". Allowed parameters: " + StandardArgumentResolvers.ALLOWED);
	}

	private enum Kind {

		TEXT, BINARY, JSON

	}

	private static final class Callbacks {

		private final String beanName;

		private @Nullable HandshakeMethod handshake;

		private AnnotatedWsEndpointHandler.@Nullable CallbackMethod open;

		private AnnotatedWsEndpointHandler.@Nullable CallbackMethod text;

		private AnnotatedWsEndpointHandler.@Nullable CallbackMethod binary;

		private AnnotatedWsEndpointHandler.@Nullable CallbackMethod close;

		private AnnotatedWsEndpointHandler.@Nullable CallbackMethod error;

		private final Set<NamedValue> requestValues = new LinkedHashSet<>();

		Callbacks(String beanName) {
			this.beanName = beanName;
		}

		void handshake(HandshakeMethod method) {
			if (this.handshake != null) {
				throw new InvalidWsEndpointException("@WsEndpoint bean '" + this.beanName
						+ "' has two @OnHandshake methods: " + this.handshake + " and " + method
						+ ". Declare at most one per endpoint");
			}
			this.handshake = method;
		}

		/**
		 * Check a value before the upgrade if a request can make it fail, so that a
		 * required parameter of any callback (not only {@code @OnHandshake}) that is
		 * missing refuses the upgrade.
		 */
		void checkBeforeUpgrade(@Nullable NamedValue value) {
			if (value != null && value.mayFail()) {
				this.requestValues.add(value);
			}
		}

		void add(Class<? extends Annotation> callback, AnnotatedWsEndpointHandler.CallbackMethod method) {
			if (callback == OnOpen.class) {
				this.open = unique(this.open, method, "@OnOpen");
			}
			else if (callback == OnClose.class) {
				this.close = unique(this.close, method, "@OnClose");
			}
			else if (callback == OnError.class) {
				this.error = unique(this.error, method, "@OnError");
			}
			else if (method.isBinary()) {
				this.binary = unique(this.binary, method, "binary @OnMessage");
			}
			else {
				this.text = unique(this.text, method, "text @OnMessage");
			}
		}

		private AnnotatedWsEndpointHandler.CallbackMethod unique(
				AnnotatedWsEndpointHandler.@Nullable CallbackMethod existing,
				AnnotatedWsEndpointHandler.CallbackMethod method, String what) {
			if (existing != null) {
				throw new InvalidWsEndpointException("@WsEndpoint bean '" + this.beanName + "' has two " + what
						+ " methods: " + existing + " and " + method + ". Declare at most one " + what
						+ " method per endpoint (text and JSON payloads are both text)");
			}
			return method;
		}

	}

}
