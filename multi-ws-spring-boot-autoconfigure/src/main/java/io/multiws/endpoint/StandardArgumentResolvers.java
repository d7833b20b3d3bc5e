package io.multiws.endpoint;

import java.lang.annotation.Annotation;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The argument resolvers of every web stack.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class StandardArgumentResolvers {

	/**
	 * What callback parameters may be, for error messages.
	 */
	public static final String ALLOWED = "WsSession, WsHub, @PathVariable, @RequestParam and @RequestHeader values, "
			+ "HttpHeaders, Principal, WsCloseStatus (@OnClose), Throwable (@OnError), Spring's WebSocketSession "
			+ "(of the Servlet or the WebFlux stack) and, in @OnMessage, one payload of type String, byte[], ByteBuffer or a JSON-mapped type";

	private StandardArgumentResolvers() {
	}

	/**
	 * Return the resolvers of every stack, before the payload.
	 * @param conversionService the conversion service for path variables, parameters
	 * and headers
	 * @return the resolvers
	 */
	public static List<WsArgumentResolver> create(ConversionService conversionService) {
		return List.of(ofType(WsSession.class, WsCallContext::session),
				ofType(WsHub.class, (context) -> context.session().hub()),
				ofType(HttpHeaders.class, (context) -> context.session().handshakeHeaders()),
				ofType(Principal.class, (context) -> context.session().principal()),
				ofType(WsCloseStatus.class, WsCallContext::closeStatus),
				ofType(Throwable.class, WsCallContext::error), new NamedValueResolver(conversionService));
	}

	/**
	 * Return a resolver for parameters assignable from a type.
	 * @param type the type
	 * @param value the value of an invocation
	 * @return the resolver
	 */
	public static WsArgumentResolver ofType(Class<?> type, Function<WsCallContext, @Nullable Object> value) {
		return new WsArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return !hasBindingAnnotation(parameter) && parameter.getParameterType().isAssignableFrom(type)
						&& parameter.getParameterType() != Object.class;
			}

			@Override
			public @Nullable Object resolveArgument(MethodParameter parameter, WsCallContext context) {
				return value.apply(context);
			}

		};
	}

	static boolean hasBindingAnnotation(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(PathVariable.class)
				|| parameter.hasParameterAnnotation(RequestParam.class)
				|| parameter.hasParameterAnnotation(RequestHeader.class);
	}

	/**
	 * Return an annotation of a parameter with its aliases resolved, so that
	 * {@code @RequestHeader("X-Team")} has the name {@code X-Team}.
	 * @param <A> the annotation type
	 * @param parameter the parameter
	 * @param type the annotation type
	 * @return the annotation, or {@code null}
	 */
	static <A extends Annotation> @Nullable A annotation(MethodParameter parameter, Class<A> type) {
		A annotation = parameter.getParameterAnnotation(type);
		return (annotation != null) ? AnnotationUtils.synthesizeAnnotation(annotation, parameter.getParameter())
				: null;
	}

	/**
	 * Return the name of a bound value, from the annotation or the parameter name.
	 * @param parameter the parameter
	 * @param annotated the annotation's name
	 * @return the name
	 */
	static String nameOf(MethodParameter parameter, String annotated) {
		if (StringUtils.hasText(annotated)) {
			return annotated;
		}
		String name = parameter.getParameterName();
		if (name == null) {
			throw new IllegalStateException("Name for argument of type [" + parameter.getNestedParameterType().getName()
					+ "] not specified, and parameter name information not available: compile with '-parameters'");
		}
		return name;
	}

	/**
	 * Resolves the parameters bound to one value of the upgrade request, with Spring
	 * MVC's semantics (see {@link NamedValue}).
	 */
	static final class NamedValueResolver implements WsArgumentResolver {

		private final ConversionService conversionService;

		private final Map<MethodParameter, NamedValue> namedValues = new ConcurrentHashMap<>(64);

		NamedValueResolver(ConversionService conversionService) {
			this.conversionService = conversionService;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return hasBindingAnnotation(parameter);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, WsCallContext context) {
			WsSession session = context.session();
			NamedValue value = namedValue(parameter);
			if (value == null) {
				return session.hub().variables();
			}
			return value.resolve(session.hub().variables(), session.queryParameters(), session.handshakeHeaders());
		}

		private @Nullable NamedValue namedValue(MethodParameter parameter) {
			NamedValue value = this.namedValues.get(parameter);
			if (value == null) {
				value = NamedValue.of(parameter, this.conversionService);
				if (value != null) {
					this.namedValues.put(parameter, value);
				}
			}
			return value;
		}

	}

}
