package io.multiws.tests.reactive;

import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code multi-ws.reactive.callbacks-on-event-loop=true}: callbacks run on the event loop
 * that read the message.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, ThreadingEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.reactive.callbacks-on-event-loop=true" })
class ReactiveEventLoopCallbacksTests {

	@LocalServerPort
	private int port;

	@Test
	void callbacksRunOnTheEventLoop() {
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/thread/1")) {
			client.sendText("where?");
			assertThat(client.awaitText()).contains("-http-").doesNotStartWith("multi-ws-callback-");
			client.sendText("echo order");
			assertThat(client.awaitText()).contains("-http-");
		}
	}

}
