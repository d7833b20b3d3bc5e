package io.multiws.benchmarks.jmh;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * An in-memory Spring {@link WebSocketSession} for the hand-written side of a
 * comparison: every message is written at once and only its bytes are counted.
 *
 * @author multi-ws team
 */
final class CountingWebSocketSession implements WebSocketSession {

	private final String id;

	private final URI uri;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private long messages;

	private long bytes;

	CountingWebSocketSession(String id, URI uri) {
		this.id = id;
		this.uri = uri;
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) {
		this.messages++;
		this.bytes += message.getPayloadLength();
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public URI getUri() {
		return this.uri;
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return HttpHeaders.EMPTY;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return null;
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		return null;
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return null;
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		return null;
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
	}

	@Override
	public int getTextMessageSizeLimit() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return Integer.MAX_VALUE;
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return List.of();
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public void close() {
	}

	@Override
	public void close(CloseStatus status) {
	}

	long messages() {
		return this.messages;
	}

	long bytes() {
		return this.bytes;
	}

}
