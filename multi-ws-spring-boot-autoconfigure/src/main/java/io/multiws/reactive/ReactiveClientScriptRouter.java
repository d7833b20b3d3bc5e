package io.multiws.reactive;


import io.multiws.client.WsClientScript;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the browser client and its TypeScript declarations on WebFlux: 200 with a strong
 * ETag, which Spring answers with 304 when the request's {@code If-None-Match} names
 * it.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class ReactiveClientScriptRouter implements RouterFunction<ServerResponse> {

	private final RouterFunction<ServerResponse> routes;

	/**
	 * Create a router of files.
	 * @param files the files, each at its path
	 */
	public ReactiveClientScriptRouter(WsClientScript... files) {
		RouterFunctions.Builder routes = RouterFunctions.route();
		for (WsClientScript file : files) {
			routes.GET(file.path(), (request) -> serve(file));
		}
		this.routes = routes.build();
	}

	private static Mono<ServerResponse> serve(WsClientScript file) {
		return ServerResponse.ok()
			.eTag(file.etag())
			.cacheControl(file.cacheControl())
			.contentType(file.mediaType())
			.bodyValue(file.content());
	}

	@Override
	public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
		return this.routes.route(request);
	}

	@Override
	public String toString() {
		return "multi-ws client script routes: " + this.routes;
	}

}
