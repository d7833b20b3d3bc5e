package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up report names Tomcat and the optimizations of the Spring WebFlux binding on it.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "startup-report=webflux-tomcat",
				"multi-ws.container-optimizations.enabled=true" })
@ExtendWith(OutputCaptureExtension.class)
class WebFluxTomcatStartupReportTests {

	@Test
	void reportsTheEndpointsAndTheOptimizationsOnWebFluxServedByTomcat(CapturedOutput output) {
		assertThat(output)
			.contains("multi-ws: endpoint 'echo' on /echo/{id} (Spring WebFlux on Tomcat): no history, no presence")
			.containsPattern("multi-ws: Spring WebFlux on Tomcat 11\\.\\d+\\.\\d+: control frames through Tomcat's "
					+ "non-blocking frame path\\R");
	}

}
