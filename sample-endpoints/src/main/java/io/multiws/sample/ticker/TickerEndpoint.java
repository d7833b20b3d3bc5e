package io.multiws.sample.ticker;

import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;

import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /ticker/{symbol}}: server push only. {@link TickerFeed} broadcasts a quote every
 * second to each live ticker hub. It keeps the default, same-origin policy.
 *
 * @author multi-ws team
 */
@WsEndpoint(name = "ticker", paths = "/ticker/{symbol}")
public class TickerEndpoint {

	@OnOpen
	Quote onOpen(@PathVariable String symbol) {
		return TickerFeed.quote(symbol, 0);
	}

}
