package io.multiws.hub;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The decoded query parameters of a handshake URI, read the same way before and after the
 * upgrade.
 *
 * @author multi-ws team
 */
final class QueryParameters {

	private QueryParameters() {
	}

	static MultiValueMap<String, String> of(URI uri) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		UriComponentsBuilder.fromUri(uri).build(true).getQueryParams().forEach((name, values) -> {
			for (String value : values) {
				parameters.add(decode(name), (value != null) ? decode(value) : "");
			}
		});
		return parameters;
	}

	private static String decode(String value) {
		return UriUtils.decode(value.replace('+', ' '), StandardCharsets.UTF_8);
	}

}
