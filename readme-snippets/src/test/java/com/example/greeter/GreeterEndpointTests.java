package com.example.greeter;

import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.WsTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static io.multiws.test.WsAssertions.assertThat;
import static org.mockito.BDDMockito.given;

@WsTest(properties = "multi-ws.endpoints.greeter.history.size=2")
class GreeterEndpointTests {

	@Autowired
	WsTestClient ws;

	@MockitoBean
	Greeting greeting;                                  // a service the endpoint uses: not in the slice

	@Test
	void greetsWhoeverJoins() {
		given(this.greeting.greet("alice")).willReturn("hi from a mock");
		try (WsTestConnection alice = this.ws.connect("/greet/alice")) {
			assertThat(alice).receivedText().isEqualTo("hi from a mock");
		}
	}

}
