package io.multiws.endpoint;

import io.multiws.core.WsEndpointHandler;
import org.jspecify.annotations.Nullable;

/**
 * Adapts a {@code @WsEndpoint} bean written against a web stack's own handler type
 * (such as Spring's {@code WebSocketHandler}) to a {@link WsEndpointHandler}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@FunctionalInterface
public interface WsNativeHandlerAdapter {

	/**
	 * Adapt a bean if it is a handler of this stack.
	 * @param bean the endpoint bean
	 * @return the handler, or {@code null} if the bean is not of this stack's type
	 */
	@Nullable WsEndpointHandler adapt(Object bean);

}
