package io.multiws.autoconfigure;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A configuration mistake fails start-up with Spring Boot's "APPLICATION FAILED TO
 * START" report, through {@link InvalidWsEndpointFailureAnalyzer} as registered in
 * {@code META-INF/spring.factories}.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidWsEndpointStartupReportTests {

	@Test
	void aWrongEndpointKeyFailsStartUpWithBootsReport(CapturedOutput output) {
		SpringApplication application = new SpringApplication(GameApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		assertThatException().isThrownBy(() -> application.run("--server.port=0", "--spring.main.banner-mode=off",
				"--multi-ws.endpoints.game-endpoit.history.size=5"));
		assertThat(output).contains("APPLICATION FAILED TO START", "Description:",
				"multi-ws.endpoints.game-endpoit names no @WsEndpoint bean. Known endpoint names: 'game-endpoint' "
						+ "(declared 'gameEndpoint')",
				"Set in:", "multi-ws.endpoints.game-endpoit.history.size (from ", "Action:",
				"Did you mean 'game-endpoint'?");
		String report = output.toString().substring(output.toString().indexOf("APPLICATION FAILED TO START"));
		assertThat(report).doesNotContain("UnsatisfiedDependencyException");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class GameApplication {

		@Bean
		GameEndpoint gameEndpoint() {
			return new GameEndpoint();
		}

	}

	@WsEndpoint("/games/{game}")
	static class GameEndpoint {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
