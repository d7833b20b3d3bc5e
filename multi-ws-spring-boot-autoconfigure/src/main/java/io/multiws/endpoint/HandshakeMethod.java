package io.multiws.endpoint;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.multiws.hub.WsHandshake;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.http.HttpHeaders;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An {@code @OnHandshake} method with the arguments it takes from the upgrade request.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class HandshakeMethod {

	/**
	 * What handshake methods may take, for error messages.
	 */
	static final String ALLOWED = "WsHandshake, HttpHeaders, Principal, URI, @PathVariable, @RequestParam and "
			+ "@RequestHeader values; return type void or boolean";

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final Object bean;

	private final Method method;

	private final List<Argument> arguments;

	private HandshakeMethod(Object bean, Method method, List<Argument> arguments) {
		this.bean = bean;
		this.method = method;
		this.arguments = arguments;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Prepare a handshake method.
	 * @param bean the bean
	 * @param method the method
	 * @param conversionService the conversion service for request values
	 * @return the method
	 * @throws IllegalArgumentException naming the parameter that cannot be resolved
	 */
	static HandshakeMethod create(Object bean, Method method, ConversionService conversionService) {
		if (method.getReturnType() != void.class && method.getReturnType() != boolean.class
				&& method.getReturnType() != Boolean.class) {
			throw new IllegalArgumentException("the return type must be void or boolean");
		}
		Argument[] arguments = new Argument[method.getParameterCount()];
		for (int i = 0; i < arguments.length; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			arguments[i] = argument(parameter, conversionService);
			if (arguments[i] == null) {
				throw new IllegalArgumentException("parameter " + i + " of type "
						+ parameter.getGenericParameterType().getTypeName() + " cannot be resolved");
			}
		}
		return new HandshakeMethod(bean, method, List.of(arguments));
	}

	private static @Nullable Argument argument(MethodParameter parameter, ConversionService conversionService) {
		Class<?> type = parameter.getParameterType();
		PathVariable pathVariable = StandardArgumentResolvers.annotation(parameter, PathVariable.class);
		if (pathVariable != null) {
			String name = StandardArgumentResolvers.nameOf(parameter, pathVariable.name());
			return (handshake) -> convert(handshake.variables().get(name), parameter, conversionService);
		}
		RequestParam requestParam = StandardArgumentResolvers.annotation(parameter, RequestParam.class);
		if (requestParam != null) {
			String name = StandardArgumentResolvers.nameOf(parameter, requestParam.name());
			return (handshake) -> convert(orDefault(UriComponentsBuilder.fromUri(handshake.uri())
				.build()
				.getQueryParams()
				.getFirst(name), requestParam.defaultValue()), parameter, conversionService);
		}
		RequestHeader requestHeader = StandardArgumentResolvers.annotation(parameter, RequestHeader.class);
		if (requestHeader != null) {
			String name = StandardArgumentResolvers.nameOf(parameter, requestHeader.name());
			return (handshake) -> convert(orDefault(handshake.headers().getFirst(name), requestHeader.defaultValue()),
					parameter, conversionService);
		}
		if (type == WsHandshake.class) {
			return (handshake) -> handshake;
		}
		if (type == HttpHeaders.class) {
			return WsHandshake::headers;
		}
		if (type == Principal.class) {
			return WsHandshake::principal;
		}
		if (type == URI.class) {
			return WsHandshake::uri;
		}
		return null;
	}

	private static @Nullable String orDefault(@Nullable String value, String defaultValue) {
		return (value == null && !ValueConstants.DEFAULT_NONE.equals(defaultValue)) ? defaultValue : value;
	}

	private static @Nullable Object convert(@Nullable String value, MethodParameter parameter,
			ConversionService conversionService) {
		if (value == null || parameter.getParameterType() == String.class) {
			return value;
		}
		return conversionService.convert(value, STRING, new TypeDescriptor(parameter));
	}

	/**
	 * Call the method.
	 * @param handshake the upgrade request
	 * @return {@code false} if the method returned {@code false}
	 * @throws Exception what the method threw
	 */
	boolean invoke(WsHandshake handshake) throws Exception {
		Object[] args = new Object[this.arguments.size()];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.arguments.get(i).resolve(handshake);
		}
		try {
			return !Boolean.FALSE.equals(this.method.invoke(this.bean, args));
		}
		catch (InvocationTargetException ex) {
			if (ex.getTargetException() instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	@Override
	public String toString() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
	}

	@FunctionalInterface
	private interface Argument {

		@Nullable Object resolve(WsHandshake handshake);

	}

}
