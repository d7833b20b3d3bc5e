package com.example;

import com.example.trading.Orders;
import com.example.trading.Quotes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The application of the README's snippets. It imports the services of the trading
 * endpoint, so that the README's {@code @WsTest} slice ({@code GreeterEndpointTests}),
 * which leaves scanned services out, can build that endpoint too and needs to mock only
 * the service of the endpoint it tests.
 *
 * @author multi-ws team
 */
@SpringBootApplication
@Import({ Quotes.class, Orders.class })
public class SnippetsApplication {

	public static void main(String[] args) {
		SpringApplication.run(SnippetsApplication.class, args);
	}

}
