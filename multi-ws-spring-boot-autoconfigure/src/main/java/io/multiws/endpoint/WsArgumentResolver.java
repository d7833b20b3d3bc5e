package io.multiws.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * Strategy that resolves one parameter of a callback method, in the manner of
 * spring-messaging's {@code HandlerMethodArgumentResolver}. Support is decided once per
 * parameter at start-up.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsArgumentResolver {

	/**
	 * Whether this resolver supports the parameter.
	 * @param parameter the parameter
	 * @return {@code true} if supported
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * Resolve the argument of one invocation.
	 * @param parameter the parameter
	 * @param context the invocation context
	 * @return the argument, possibly {@code null}
	 * @throws Exception if the argument cannot be resolved
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, WsCallContext context) throws Exception;

}
