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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up report: one INFO line per endpoint with its name, paths, stack, history,
 * presence and caps, and one with the container optimizations of the binding, read from
 * the log of a started application.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class WsStartupReportTests {

	private static final String[] PROPERTIES = { "--server.port=0", "--spring.main.banner-mode=off",
			"--multi-ws.endpoints.chat.history.size=50", "--multi-ws.endpoints.chat.history.ttl=1h",
			"--multi-ws.endpoints.chat.history.message-ids=true", "--multi-ws.endpoints.chat.presence.enabled=true",
			"--multi-ws.endpoints.chat.presence.push-diffs=true",
			"--multi-ws.endpoints.chat.max-sessions-per-hub=1000",
			"--multi-ws.endpoints.echo.paths=/echo/{id},/e/{id}",
			"--multi-ws.endpoints.echo.max-binary-message-size=1MB" };

	@Test
	void reportsEveryEndpointAndTheOptimizationsOfSpringMvcOnTomcat(CapturedOutput output) {
		run(WebApplicationType.SERVLET);
		assertThat(output).contains("multi-ws: endpoint 'chat' on /chat/{room} (Spring MVC on Tomcat): history 50 "
				+ "(ids, ttl 1h), presence with diffs, max 1000 sessions per hub, max 10000 hubs, messages up to 64KB")
			.contains("multi-ws: endpoint 'echo' on /echo/{id}, /e/{id} (Spring MVC on Tomcat): no history, "
					+ "no presence, max 10000 sessions per hub, max 10000 hubs, text up to 64KB, binary up to 1MB")
			.containsPattern("multi-ws: Spring MVC on Tomcat 11\\.\\d+\\.\\d+: direct frame writes "
					+ "\\(uncompressed sessions\\), read pacing by suspend and resume\\R");
	}

	@Test
	void reportsTheStackOfSpringWebFluxOnReactorNetty(CapturedOutput output) {
		run(WebApplicationType.REACTIVE);
		assertThat(output).contains("multi-ws: endpoint 'chat' on /chat/{room} (Spring WebFlux on Reactor Netty): "
				+ "history 50 (ids, ttl 1h), presence with diffs")
			.containsPattern("multi-ws: Spring WebFlux on Reactor Netty 1\\.\\d+\\.\\d+: frames written to the channel "
					+ "past the frame encoder, frame rules in the channel pipeline, bounded inflation\\R");
	}

	private static void run(WebApplicationType type) {
		SpringApplication application = new SpringApplication(ChatApplication.class);
		application.setWebApplicationType(type);
		try (ConfigurableApplicationContext context = application.run(PROPERTIES)) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ChatApplication {

		@Bean
		Chat chat() {
			return new Chat();
		}

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	@WsEndpoint("/chat/{room}")
	static class Chat {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@WsEndpoint("/echo/{id}")
	static class Echo {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
