package com.example.trading;

import java.time.Duration;

import reactor.core.publisher.Flux;

import org.springframework.stereotype.Service;

/**
 * The quotes of the trading example: one per 100 ms.
 *
 * @author multi-ws team
 */
@Service
public class Quotes {

	Flux<Quote> stream(String symbol) {
		return Flux.interval(Duration.ofMillis(100)).map((tick) -> new Quote(symbol, 100 + tick));
	}

}
