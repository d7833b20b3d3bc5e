package io.multiws.sample.app;

import io.multiws.sample.hubs.HubController;
import io.multiws.sample.ticker.TickerFeed;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.WsTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's endpoints in the {@link WsTest @WsTest} slice: with their configuration
 * from {@code application.yml}, on Tomcat, without the REST API, the ticker's feed or the
 * Actuator.
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
	void theChatKeepsItsHistoryIdsAndPresence() {
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
		assertThat(this.context.containsBean("prometheusMeterRegistry")).isFalse();
	}

}
