package com.example.trading;

import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Service;

/**
 * The orders of the trading example, placed asynchronously.
 *
 * @author multi-ws team
 */
@Service
public class Orders {

	CompletableFuture<Receipt> placeAsync(Order order) {
		return CompletableFuture.supplyAsync(() -> new Receipt(order.symbol(), order.quantity(), "accepted"));
	}

}
