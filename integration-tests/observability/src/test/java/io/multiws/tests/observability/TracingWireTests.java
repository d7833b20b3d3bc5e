package io.multiws.tests.observability;


import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Micrometer Tracing on Brave, as Spring Boot configures it, and every endpoint's
 * messages observed: a log line written in {@code @OnMessage} carries the message's trace
 * id, and the handshake continues the trace of the upgrade request's {@code traceparent}
 * header.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, TracingWireTests.TracedEndpointConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "management.tracing.sampling.probability=1.0",
				"multi-ws.observations.messages.enabled=true" })
@ExtendWith(OutputCaptureExtension.class)
class TracingWireTests {

	private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	private int port;

	@Test
	void aLogLineInOnMessageCarriesTheTraceId(CapturedOutput output) {
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/traced/1")) {
			client.awaitText();
			String traceId = client.sendText("hello").awaitText();
			assertThat(traceId).matches("[0-9a-f]{32}");
			assertThat(output.getAll()).containsPattern("\\[" + traceId + "-[0-9a-f]{16}\\].*handling a message");
		}
	}

	@Test
	void theHandshakeContinuesTheCallersTrace() {
		try (WsTestConnection client = WsTestClient.forPort(this.port)
			.path("/traced/2")
			.header("traceparent", "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01")
			.connect()) {
			assertThat(client.awaitText()).isEqualTo("handshake trace " + CALLER_TRACE);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TracedEndpointConfiguration {

		@WsEndpoint(name = "traced", paths = "/traced/{id}")
		static class Traced {

			private static final Log logger = LogFactory.getLog(Traced.class);

			@OnHandshake
			void onHandshake(WsHandshake handshake) {
				handshake.attributes().put("trace", String.valueOf(MDC.get("traceId")));
			}

			@OnOpen
			String onOpen(WsSession session) {
				return "handshake trace " + session.attributes().get("trace");
			}

			@OnMessage
			String onMessage(String text) {
				logger.info("handling a message");
				return String.valueOf(MDC.get("traceId"));
			}

		}

	}

}
