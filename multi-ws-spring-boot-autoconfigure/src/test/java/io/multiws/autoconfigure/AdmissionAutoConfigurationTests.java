package io.multiws.autoconfigure;

import io.multiws.admission.InboundLimits;
import io.multiws.admission.WsAdmission;
import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.hub.OverflowPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the admission control part of {@link MultiWsAutoConfiguration}.
 *
 * @author multi-ws team
 */
class AdmissionAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class))
		.withUserConfiguration(EndpointsConfiguration.class);

	@Test
	void registersAdmissionControlWithItsStatisticsView() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WsAdmission.class);
			assertThat(context).hasSingleBean(WsAdmissionStatistics.class);
			assertThat(context).hasSingleBean(ServerConnectionLimit.class);
			assertThat(context.getBean(WsUpgradeChecks.class).admission()).isSameAs(context.getBean(WsAdmission.class));
			WsAdmission.Settings settings = context.getBean(WsAdmission.class).settings();
			assertThat(settings.maxSessions()).as("derived from the server").isZero();
			assertThat(settings.maxSessionsPerClient()).isEqualTo(100);
			assertThat(settings.maxHandshakesPerClientPerSecond()).isEqualTo(20);
			assertThat(settings.clientAddresses()).hasToString("the rightmost X-Forwarded-For address that is not one"
					+ " of the trusted proxies [127.0.0.0/8, ::1], exempt [127.0.0.0/8, ::1]");
			assertThat(settings.inbound("chat"))
				.isEqualTo(new InboundLimits(100, 1024 * 1024, OverflowPolicy.CLOSE));
		});
	}

	@Test
	void backsOffFromAUserAdmission() {
		this.contextRunner.withBean(WsAdmission.class, () -> new WsAdmission(WsAdmission.Settings.unlimited()))
			.run((context) -> assertThat(context.getBean(WsAdmission.class).settings().maxSessionsPerClient())
				.isZero());
	}

	@Test
	void endpointInboundLimitsFallBackToGlobalOnes() {
		this.contextRunner
			.withPropertyValues("multi-ws.limits.max-sessions=500", "multi-ws.limits.max-inbound-messages-per-second=50",
					"multi-ws.endpoints.game.max-inbound-messages-per-second=60",
					"multi-ws.endpoints.game.inbound-overflow-policy=drop-newest",
					"multi-ws.endpoints.chat.max-inbound-bytes-per-second=2KB")
			.run((context) -> {
				WsAdmission admission = context.getBean(WsAdmission.class);
				assertThat(admission.maxSessions()).isEqualTo(500);
				assertThat(admission.settings().inbound("game"))
					.isEqualTo(new InboundLimits(60, 1024 * 1024, OverflowPolicy.DROP_NEWEST));
				assertThat(admission.settings().inbound("chat"))
					.isEqualTo(new InboundLimits(50, 2048, OverflowPolicy.CLOSE));
			});
	}

	@Test
	void failsForANonPositiveSessionCap() {
		this.contextRunner.withPropertyValues("multi-ws.limits.max-sessions=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessage("multi-ws.limits.max-sessions must be positive, was 0 (leave it unset for the default)"));
	}

	@Test
	void failsForANegativeClientLimit() {
		this.contextRunner.withPropertyValues("multi-ws.limits.max-sessions-per-client=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("multi-ws.limits.max-sessions-per-client must be zero (none) or positive, was -1"));
	}

	@Test
	void bindsWhoAClientIs() {
		this.contextRunner
			.withPropertyValues("multi-ws.limits.exempt-addresses=192.0.2.10",
					"multi-ws.limits.trusted-proxies=10.0.0.0/8", "multi-ws.limits.forwarded-header=forwarded")
			.run((context) -> assertThat(context.getBean(WsAdmission.class).settings().clientAddresses())
				.hasToString("the rightmost Forwarded address that is not one of the trusted proxies [10.0.0.0/8],"
						+ " exempt [192.0.2.10]"));
	}

	@Test
	void theDeprecatedLoopbackSwitchStillEmptiesTheExemptAddresses() {
		this.contextRunner.withPropertyValues("multi-ws.limits.exempt-loopback=false")
			.run((context) -> assertThat(context.getBean(WsAdmission.class).settings().clientAddresses())
				.hasToString("the rightmost X-Forwarded-For address that is not one of the trusted proxies"
						+ " [127.0.0.0/8, ::1], exempt none"));
	}

	@Test
	void failsForATrustedProxyThatIsNoAddress() {
		this.contextRunner.withPropertyValues("multi-ws.limits.trusted-proxies=proxy.internal")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWsEndpointException.class)
				.hasMessage("multi-ws.limits.trusted-proxies: 'proxy.internal' is no IP address or CIDR range"));
	}

	@Test
	void failsForAnInboundPolicyThatCannotApply() {
		this.contextRunner.withPropertyValues("multi-ws.endpoints.game.inbound-overflow-policy=drop-oldest")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("multi-ws.endpoints.game inbound limits:")
				.hasMessageContaining("use 'close' or 'drop-newest'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class EndpointsConfiguration {

		@Bean
		Chat chat() {
			return new Chat();
		}

		@Bean
		Game game() {
			return new Game();
		}

	}

	@WsEndpoint(name = "chat", paths = "/chat/{room}")
	static class Chat {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@WsEndpoint(name = "game", paths = "/game/{room}")
	static class Game {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
