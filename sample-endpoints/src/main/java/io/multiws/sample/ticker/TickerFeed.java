package io.multiws.sample.ticker;

import java.util.concurrent.atomic.AtomicLong;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pushes a quote to every live {@code /ticker/{symbol}} hub once a second, through the
 * registry, from outside any WebSocket callback.
 *
 * @author multi-ws team
 */
@Component
public class TickerFeed {

	private final WsHubs hubs;

	private final AtomicLong sequence = new AtomicLong();

	public TickerFeed(WsHubs hubs) {
		this.hubs = hubs;
	}

	@Scheduled(fixedRate = 1000)
	void tick() {
		long tick = this.sequence.incrementAndGet();
		for (WsHub hub : this.hubs.hubs("ticker")) {
			hub.broadcast(quote(hub.variables().get("symbol"), tick));
		}
	}

	static Quote quote(String symbol, long tick) {
		double base = 100 + Math.abs(symbol.hashCode() % 900);
		return new Quote(symbol, Math.round((base + Math.sin(tick / 5.0) * base / 50) * 100) / 100.0, tick);
	}

}
