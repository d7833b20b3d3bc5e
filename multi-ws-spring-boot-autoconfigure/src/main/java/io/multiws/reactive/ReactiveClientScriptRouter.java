package io.multiws.reactive;

import java.util.List;

import io.multiws.client.WsClientScript;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the browser client and its TypeScript declarations on WebFlux: 200 with a strong
 * ETag, or 304 when the request's {@code If-None-Match} names it.
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
			routes.GET(file.path(), (request) -> serve(request, file));
		}
		this.routes = routes.build();
	}

	private static Mono<ServerResponse> serve(ServerRequest request, WsClientScript file) {
		List<String> ifNoneMatch = request.headers().header(HttpHeaders.IF_NONE_MATCH);
		if (file.isCurrent(ifNoneMatch)) {
			return ServerResponse.status(HttpStatus.NOT_MODIFIED)
				.eTag(file.etag())
				.cacheControl(file.cacheControl())
				.build();
		}
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
