package io.multiws.container.netty;

import io.netty.channel.Channel;
import org.reactivestreams.Publisher;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

/**
 * Spring's Reactor Netty session, made by {@link NettyUpgradeStrategy}: its transport
 * can reach its channel, its pipeline carries {@link NettyFrameRules}, and its inbound
 * frames can be read without Spring's per-message operators.
 *
 * @author multi-ws team
 */
final class NettySession extends ReactorNettyWebSocketSession {

	private final Channel channel;

	private final int maxFramePayloadLength;

	NettySession(WebsocketInbound inbound, WebsocketOutbound outbound, HandshakeInfo info,
			NettyDataBufferFactory bufferFactory, int maxFramePayloadLength) {
		super(inbound, outbound, info, bufferFactory, maxFramePayloadLength);
		this.channel = ((Connection) inbound).channel();
		this.maxFramePayloadLength = maxFramePayloadLength;
		NettyFrameRules.install(this.channel.pipeline(), maxFramePayloadLength,
				info.getHeaders().getFirst("Sec-WebSocket-Extensions"));
	}

	Channel channel() {
		return this.channel;
	}

	Publisher<?> frames() {
		return getDelegate().getInbound().aggregateFrames(this.maxFramePayloadLength).receiveObject();
	}

}
