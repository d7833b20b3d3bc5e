package io.multiws.container.netty;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring's {@code ReactorNettyRequestUpgradeStrategy}, but creating sessions whose
 * transport reaches the channel: to write without a publisher chain per message, and
 * to drop a peer that stopped reading, which never takes a close frame. Pings reach
 * the session rather than being answered by Reactor Netty, which writes every pong
 * whether or not the peer reads: the session answers them through its outbound side,
 * within its send time limit and inbound rates.
 *
 * @author multi-ws team
 */
final class NettyUpgradeStrategy implements RequestUpgradeStrategy {

	private final int maxFramePayloadLength;

	private final boolean compression;

	NettyUpgradeStrategy(int maxFramePayloadLength, boolean compression) {
		this.maxFramePayloadLength = maxFramePayloadLength;
		this.compression = compression;
	}

	@Override
	public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
			Supplier<HandshakeInfo> handshakeInfoFactory) {
		ServerHttpResponse response = exchange.getResponse();
		HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		HandshakeInfo handshakeInfo = handshakeInfoFactory.get();
		NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
		return response.setComplete().then(Mono.defer(() -> {
			WebsocketServerSpec spec = spec(subProtocol);
			return reactorResponse.sendWebsocket((inbound, outbound) -> handler.handle(
					new NettySession(inbound, outbound, handshakeInfo, bufferFactory, this.maxFramePayloadLength)),
					spec);
		}));
	}

	private WebsocketServerSpec spec(@Nullable String subProtocol) {
		WebsocketServerSpec.Builder builder = WebsocketServerSpec.builder()
			.maxFramePayloadLength(this.maxFramePayloadLength)
			.compress(this.compression)
			.handlePing(true);
		if (subProtocol != null) {
			builder.protocols(subProtocol);
		}
		return builder.build();
	}

}
