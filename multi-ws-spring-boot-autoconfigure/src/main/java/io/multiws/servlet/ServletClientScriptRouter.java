package io.multiws.servlet;

import java.util.Optional;

import io.multiws.client.WsClientScript;

import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the browser client and its TypeScript declarations on Spring MVC: 200 with a
 * strong ETag, which Spring answers with 304 when the request's {@code If-None-Match}
 * names it.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class ServletClientScriptRouter implements RouterFunction<ServerResponse> {

	private final RouterFunction<ServerResponse> routes;

	/**
	 * Create a router of files.
	 * @param files the files, each at its path
	 */
	public ServletClientScriptRouter(WsClientScript... files) {
		RouterFunctions.Builder routes = RouterFunctions.route();
		for (WsClientScript file : files) {
			routes.GET(file.path(), (request) -> serve(file));
		}
		this.routes = routes.build();
	}

	private static ServerResponse serve(WsClientScript file) {
		return ServerResponse.ok()
			.eTag(file.etag())
			.cacheControl(file.cacheControl())
			.contentType(file.mediaType())
			.body(file.content());
	}

	@Override
	public Optional<HandlerFunction<ServerResponse>> route(ServerRequest request) {
		return this.routes.route(request);
	}

	@Override
	public String toString() {
		return "multi-ws client script routes: " + this.routes;
	}

}
