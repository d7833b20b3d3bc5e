package io.multiws.test.slice;

import io.multiws.core.LocalWsRelay;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsRelay;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.WsTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * Tests for {@link WsTest @WsTest}: the endpoints with their configuration on a real
 * server, without the application's other beans.
 *
 * @author multi-ws team
 */
// The slice runs on the in-process relay, whatever the configuration says
@WsTest(properties = { "multi-ws.endpoints.greeter.history.size=2", "multi-ws.cluster.enabled=true" })
class WsTestSliceTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	WsHubs hubs;

	@Autowired
	ApplicationContext context;

	@MockitoBean
	Greeting greeting;

	@Test
	void startsTheEndpointsWithTheirConfigurationOnTheWebServer() {
		given(this.greeting.greet("alice")).willReturn("hi from a mock");
		try (WsTestConnection alice = this.ws.connect("/greet/alice")) {
			assertThat(alice).receivedText().isEqualTo("hi from a mock");
			alice.sendText("one");
			alice.sendText("two");
			alice.sendText("three");
			assertThat(alice).receivedTexts(3).containsExactly("one", "two", "three");
			assertThat(this.hubs).hub("/greet/alice").history().hasPayloads("two", "three");
		}
	}

	@Test
	void leavesOutTheRestOfTheApplication() {
		assertThat(this.context.getBeanNamesForType(GreeterEndpoint.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(SliceController.class)).isEmpty();
		assertThat(this.ws.path("/hello").handshakeStatus()).isEqualTo(404);
		assertThat(this.context.getBean(WsRelay.class)).isInstanceOf(LocalWsRelay.class);
	}

}
