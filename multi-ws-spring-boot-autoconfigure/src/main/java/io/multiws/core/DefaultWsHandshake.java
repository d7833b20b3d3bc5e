package io.multiws.core;

import java.net.URI;
import java.security.Principal;
import java.util.Map;

import io.multiws.hub.WsHandshake;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;

/**
 * The {@link WsHandshake} of one upgrade request.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class DefaultWsHandshake implements WsHandshake {

	private final WsEndpointMatch match;

	private final HttpRequest request;

	private final @Nullable Principal principal;

	private final Map<String, Object> attributes;

	private @Nullable WsUpgradeRefusal refusal;

	private @Nullable MultiValueMap<String, String> queryParameters;

	DefaultWsHandshake(WsEndpointMatch match, HttpRequest request, @Nullable Principal principal,
			Map<String, Object> attributes) {
		this.match = match;
		this.request = request;
		this.principal = principal;
		this.attributes = attributes;
	}

	@Override
	public String path() {
		return this.match.path();
	}

	@Override
	public Map<String, String> variables() {
		return this.match.variables();
	}

	@Override
	public URI uri() {
		return this.request.getURI();
	}

	@Override
	public MultiValueMap<String, String> queryParameters() {
		MultiValueMap<String, String> parameters = this.queryParameters;
		if (parameters == null) {
			parameters = WsHandshake.super.queryParameters();
			this.queryParameters = parameters;
		}
		return parameters;
	}

	@Override
	public HttpHeaders headers() {
		return HttpHeaders.readOnlyHttpHeaders(this.request.getHeaders());
	}

	@Override
	public @Nullable Principal principal() {
		return this.principal;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public void reject(HttpStatus status, String reason) {
		this.refusal = new WsUpgradeRefusal(status, reason);
	}

	@Nullable WsUpgradeRefusal refusal() {
		return this.refusal;
	}

	@Override
	public String toString() {
		return "WsHandshake[path=" + this.match.path() + ", endpoint=" + this.match.endpoint().name() + "]";
	}

}
