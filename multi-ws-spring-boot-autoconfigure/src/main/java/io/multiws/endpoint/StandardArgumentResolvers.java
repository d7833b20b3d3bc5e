package io.multiws.endpoint;

import java.lang.annotation.Annotation;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;

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
				ofType(Throwable.class, WsCallContext::error), new PathVariableResolver(conversionService),
				new RequestParamResolver(conversionService), new RequestHeaderResolver(conversionService));
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

	private abstract static class ConvertingResolver implements WsArgumentResolver {

		private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

		private final ConversionService conversionService;

		ConvertingResolver(ConversionService conversionService) {
			this.conversionService = conversionService;
		}

		protected @Nullable Object convert(@Nullable Object value, MethodParameter parameter) {
			if (value == null || parameter.getParameterType().isInstance(value)) {
				return value;
			}
			TypeDescriptor source = (value instanceof String) ? STRING : TypeDescriptor.forObject(value);
			return this.conversionService.convert(value, source, new TypeDescriptor(parameter));
		}

		/**
		 * Apply the annotation's default and required flag, then convert.
		 */
		protected @Nullable Object resolve(@Nullable Object value, String defaultValue, boolean required,
				MethodParameter parameter, String what) {
			if (value == null && !ValueConstants.DEFAULT_NONE.equals(defaultValue)) {
				value = defaultValue;
			}
			if (value == null && required && !parameter.isOptional()) {
				throw new IllegalStateException("Missing " + what);
			}
			return convert(value, parameter);
		}

	}

	private static final class PathVariableResolver extends ConvertingResolver {

		PathVariableResolver(ConversionService conversionService) {
			super(conversionService);
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(PathVariable.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, WsCallContext context) {
			PathVariable annotation = annotation(parameter, PathVariable.class);
			Map<String, String> variables = context.session().hub().variables();
			if (parameter.getParameterType() == Map.class) {
				return variables;
			}
			String name = nameOf(parameter, (annotation != null) ? annotation.name() : "");
			return convert(variables.get(name), parameter);
		}

	}

	private static final class RequestParamResolver extends ConvertingResolver {

		RequestParamResolver(ConversionService conversionService) {
			super(conversionService);
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(RequestParam.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, WsCallContext context) {
			RequestParam annotation = annotation(parameter, RequestParam.class);
			String name = nameOf(parameter, (annotation != null) ? annotation.name() : "");
			List<String> values = context.session().queryParameters().get(name);
			Object value = (values == null || values.isEmpty()) ? null
					: (values.size() == 1 || !parameter.getParameterType().isArray()
							&& !List.class.isAssignableFrom(parameter.getParameterType())) ? values.get(0) : values;
			return resolve(value, (annotation != null) ? annotation.defaultValue() : ValueConstants.DEFAULT_NONE,
					annotation != null && annotation.required(), parameter, "query parameter '" + name + "'");
		}

	}

	private static final class RequestHeaderResolver extends ConvertingResolver {

		RequestHeaderResolver(ConversionService conversionService) {
			super(conversionService);
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(RequestHeader.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, WsCallContext context) {
			RequestHeader annotation = annotation(parameter, RequestHeader.class);
			String name = nameOf(parameter, (annotation != null) ? annotation.name() : "");
			return resolve(context.session().handshakeHeaders().getFirst(name),
					(annotation != null) ? annotation.defaultValue() : ValueConstants.DEFAULT_NONE,
					annotation != null && annotation.required(), parameter, "handshake header '" + name + "'");
		}

	}

}
