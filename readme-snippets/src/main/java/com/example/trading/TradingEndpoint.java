package com.example.trading;

import java.util.concurrent.CompletableFuture;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import reactor.core.publisher.Flux;

import org.springframework.web.bind.annotation.PathVariable;

@WsEndpoint("/trading/{symbol}")
public class TradingEndpoint {

	private final Quotes quotes;

	private final Orders orders;

	TradingEndpoint(Quotes quotes, Orders orders) {
		this.quotes = quotes;
		this.orders = orders;
	}

	@OnOpen
	Flux<Quote> feed(@PathVariable String symbol) {
		return this.quotes.stream(symbol);                       // cancelled when this session closes
	}

	@OnMessage
	CompletableFuture<Receipt> order(Order order) {
		return this.orders.placeAsync(order);                     // sent when it completes; errors go to @OnError
	}

}
