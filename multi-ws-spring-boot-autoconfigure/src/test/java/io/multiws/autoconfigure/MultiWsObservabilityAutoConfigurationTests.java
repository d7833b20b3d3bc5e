package io.multiws.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.multiws.actuate.MultiWsEndpoint;
import io.multiws.actuate.MultiWsWritableEndpoint;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.WsListener;
import io.multiws.metrics.MicrometerWsListener;
import io.multiws.observation.DefaultWsMessageObservationConvention;
import io.multiws.observation.ObservationWsListener;
import io.multiws.observation.WsMessageObservationConvention;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MultiWsMetricsAutoConfiguration},
 * {@link MultiWsObservationAutoConfiguration} and
 * {@link MultiWsEndpointAutoConfiguration}.
 *
 * @author multi-ws team
 */
class MultiWsObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class,
				MultiWsMetricsAutoConfiguration.class, MultiWsObservationAutoConfiguration.class,
				MultiWsEndpointAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class);

	@Test
	void observesNothingWithoutARegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(MicrometerWsListener.class);
			assertThat(context).doesNotHaveBean(ObservationWsListener.class);
			assertThat(context.getBean(DefaultWsHubs.class).listener()).isSameAs(WsListener.NONE);
		});
	}

	@Test
	void recordsMetersWithAMeterRegistry() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerWsListener.class);
			assertThat(context.getBean(DefaultWsHubs.class).listener())
				.isSameAs(context.getBean(MicrometerWsListener.class));
			assertThat(context.getBean(MeterRegistry.class)
				.get("multiws.sessions.active")
				.tags("endpoint", "echo", "template", "/echo/{id}")
				.gauge()
				.value()).isZero();
		});
	}

	@Test
	void recordsNoMetersWithoutMicrometer() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerWsListener.class));
	}

	@Test
	void observesWithAnObservationRegistry() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservationWsListener.class);
			assertThat(context.getBean(DefaultWsHubs.class).listener())
				.isSameAs(context.getBean(ObservationWsListener.class));
		});
	}

	@Test
	void combinesMetersAndObservations() {
		this.contextRunner
			.withUserConfiguration(MeterRegistryConfiguration.class, ObservationRegistryConfiguration.class)
			.run((context) -> {
				WsListener listener = context.getBean(DefaultWsHubs.class).listener();
				assertThat(listener).isNotSameAs(context.getBean(MicrometerWsListener.class))
					.isNotSameAs(context.getBean(ObservationWsListener.class));
				assertThat(listener.toString()).contains("MicrometerWsListener", "ObservationWsListener");
			});
	}

	@Test
	void aUserListenerObservesToo() {
		this.contextRunner.withBean("customListener", WsListener.class, () -> new WsListener() {
		}).run((context) -> assertThat(context.getBean(DefaultWsHubs.class).listener())
			.isSameAs(context.getBean("customListener")));
	}

	@Test
	void usesAConventionBean() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class)
			.withBean(WsMessageObservationConvention.class, CustomConvention::new)
			.run((context) -> assertThat(context.getBean(ObservationWsListener.class))
				.extracting("messageConvention")
				.isInstanceOf(CustomConvention.class));
	}

	@Test
	void theActuatorEndpointIsReadOnlyByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=multiws").run((context) -> {
			assertThat(context).hasSingleBean(MultiWsEndpoint.class);
			assertThat(context).doesNotHaveBean(MultiWsWritableEndpoint.class);
		});
	}

	@Test
	void theActuatorEndpointClosesHubsWhenEnabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=multiws",
					"multi-ws.actuator.hub-close-enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(MultiWsWritableEndpoint.class));
	}

	@Test
	void theActuatorEndpointIsAbsentUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MultiWsEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	@WsEndpoint(name = "echo", paths = "/echo/{id}")
	static class Echo {

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationRegistryConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	static class CustomConvention extends DefaultWsMessageObservationConvention {

	}

}
