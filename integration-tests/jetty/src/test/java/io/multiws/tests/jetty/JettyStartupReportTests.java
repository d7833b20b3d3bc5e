package io.multiws.tests.jetty;

import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up report names Jetty and the optimizations of the Spring MVC binding on it.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "startup-report=jetty",
				"multi-ws.container-optimizations.enabled=true" })
@ExtendWith(OutputCaptureExtension.class)
class JettyStartupReportTests {

	@Test
	void reportsTheEndpointsAndTheOptimizationsOnJetty(CapturedOutput output) {
		assertThat(output).contains("multi-ws: endpoint 'echo' on /echo/{id} (Spring MVC on Jetty): no history, no "
				+ "presence")
			.containsPattern("multi-ws: Spring MVC on Jetty 12\\.\\d+\\.\\d+: batched frames with one flush per write, "
					+ "read pacing by demand\\R");
	}

}
