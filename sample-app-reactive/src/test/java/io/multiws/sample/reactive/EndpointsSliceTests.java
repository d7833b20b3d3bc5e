package io.multiws.sample.reactive;

import io.multiws.sample.hubs.HubController;
import io.multiws.sample.ticker.TickerFeed;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.WsTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's endpoints in the {@link WsTest @WsTest} slice on WebFlux: with their
 * configuration from {@code application.yml}, on Reactor Netty, without the REST API or
 * the ticker's feed.
 *
 * @author multi-ws team
 */
@WsTest
class EndpointsSliceTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	ApplicationContext context;

	@Test
	void theChatKeepsItsHistoryIdsAndPresenceOnReactorNetty() {
		assertThat(((WebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
			.isEqualTo("NettyWebServer");
		try (WsTestConnection alice = this.ws.connect("/chat/slice?name=alice")) {
			assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
			alice.sendText("hi");
			assertThat(alice).receivedMessage().hasIdGreaterThan(0).payload().contains("\"text\":\"hi\"");
		}
	}

	@Test
	void leavesOutTheRestOfTheApplication() {
		assertThat(this.context.getBeanNamesForType(HubController.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(TickerFeed.class)).isEmpty();
	}

}
