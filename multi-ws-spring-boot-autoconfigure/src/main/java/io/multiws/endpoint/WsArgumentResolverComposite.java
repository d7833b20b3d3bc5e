package io.multiws.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * Picks the first {@link WsArgumentResolver} that supports a parameter, caching the
 * choice.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsArgumentResolverComposite {

	private final List<WsArgumentResolver> resolvers;

	private final Map<MethodParameter, WsArgumentResolver> cache = new ConcurrentHashMap<>(64);

	/**
	 * Create a composite.
	 * @param resolvers the resolvers, in order
	 */
	public WsArgumentResolverComposite(List<WsArgumentResolver> resolvers) {
		this.resolvers = new ArrayList<>(resolvers);
	}

	/**
	 * Return the resolver for a parameter.
	 * @param parameter the parameter
	 * @return the resolver, or {@code null} if none supports it
	 */
	public @Nullable WsArgumentResolver getResolver(MethodParameter parameter) {
		WsArgumentResolver resolver = this.cache.get(parameter);
		if (resolver == null) {
			for (WsArgumentResolver candidate : this.resolvers) {
				if (candidate.supportsParameter(parameter)) {
					this.cache.put(parameter, candidate);
					return candidate;
				}
			}
		}
		return resolver;
	}

}
