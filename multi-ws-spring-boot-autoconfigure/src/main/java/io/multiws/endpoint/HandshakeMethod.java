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
import org.springframework.http.HttpHeaders;
import org.springframework.util.ReflectionUtils;

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

	private final Object bean;

	private final Method method;

	private final List<Argument> arguments;

	private final List<MethodParameter> parameters;

	private HandshakeMethod(Object bean, Method method, List<Argument> arguments, List<MethodParameter> parameters) {
		this.bean = bean;
		this.method = method;
		this.arguments = arguments;
		this.parameters = parameters;
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
		MethodParameter[] parameters = new MethodParameter[arguments.length];
		for (int i = 0; i < arguments.length; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			parameters[i] = parameter;
			arguments[i] = argument(parameter, conversionService);
			if (arguments[i] == null) {
				throw new IllegalArgumentException("parameter " + i + " of type "
						+ parameter.getGenericParameterType().getTypeName() + " cannot be resolved");
			}
		}
		return new HandshakeMethod(bean, method, List.of(arguments), List.of(parameters));
	}

	private static @Nullable Argument argument(MethodParameter parameter, ConversionService conversionService) {
		if (StandardArgumentResolvers.hasBindingAnnotation(parameter)) {
			NamedValue value = NamedValue.of(parameter, conversionService);
			if (value == null) {
				return WsHandshake::variables;
			}
			return (handshake) -> value.resolve(handshake.variables(), handshake.queryParameters(),
					handshake.headers());
		}
		Class<?> type = parameter.getParameterType();
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

	/**
	 * Return the parameters of the method.
	 * @return the parameters
	 */
	List<MethodParameter> parameters() {
		return this.parameters;
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
