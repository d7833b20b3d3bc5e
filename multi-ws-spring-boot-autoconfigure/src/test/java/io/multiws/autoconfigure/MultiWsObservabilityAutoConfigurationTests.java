package io.multiws.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.multiws.actuate.MultiWsEndpoint;
import io.multiws.actuate.MultiWsWritableEndpoint;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsListener;
import io.multiws.core.WsSessionListener;
import io.multiws.hub.WsHubs;
import io.multiws.metrics.MicrometerWsListener;
import io.multiws.observation.DefaultWsMessageObservationConvention;
import io.multiws.observation.ObservationWsListener;
import io.multiws.observation.WsMessageObservationConvention;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
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
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebMvcAutoConfiguration.class,
				MultiWsMetricsAutoConfiguration.class, MultiWsObservationAutoConfiguration.class,
				MultiWsEndpointAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class);

	@Test
	void observesNothingWithoutARegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(MicrometerWsListener.class);
			assertThat(context).doesNotHaveBean(ObservationWsListener.class);
			assertThat(runtime(context).listener()).isSameAs(WsListener.NONE);
		});
	}

	@Test
	void recordsMetersWithAMeterRegistry() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerWsListener.class);
			assertThat(runtime(context).listener())
				.isSameAs(context.getBean(MicrometerWsListener.class));
			assertThat(context.getBean(MeterRegistry.class)
				.get("multiws.sessions.active")
				.tags("endpoint", "echo", "template", "/echo/{id}")
				.gauge()
				.value()).isZero();
		});
	}

	@Test
	void aSessionWhoseMetersAreDeniedIsNotTimed() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			registry.config().meterFilter(MeterFilter.denyNameStartsWith("multiws"));
			DefaultWsHubs hubs = runtime(context);
			WsSessionListener session = new MicrometerWsListener(registry, hubs.mappings())
				.sessionOpened(echoMatch(hubs));
			assertThat(session.observesWrites()).as("writes measured").isFalse();
		});
	}

	@Test
	void aSessionWhoseMetersAreLiveCountsItsWritesAndTimesThoseThatWaited() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			WsSessionListener session = context.getBean(MicrometerWsListener.class)
				.sessionOpened(echoMatch(runtime(context)));
			assertThat(session.observesWrites()).isTrue();
			session.written(3, 120, 2_000_000);
			session.written(1, 10, 0);
			session.written(1, 10, 500_000);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer waiting = registry.get("multiws.writes.waiting").tags("endpoint", "echo").timer();
			assertThat(waiting.count()).as("only the write that waited a millisecond or more is timed").isOne();
			assertThat(waiting.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2);
			assertThat(registry.get("multiws.messages.sent").tags("endpoint", "echo").counter().count()).isEqualTo(5);
			assertThat(registry.get("multiws.messages.sent.bytes").tags("endpoint", "echo").counter().count())
				.isEqualTo(140);
		});
	}

	@Test
	void messagesAreNotObservedByDefault() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class).run((context) -> {
			WsSessionListener session = context.getBean(ObservationWsListener.class)
				.sessionOpened(echoMatch(runtime(context)));
			assertThat(session).isSameAs(WsSessionListener.NONE);
		});
	}

	@Test
	void anEndpointsMessagesAreObservedWhenItAsks() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class)
			.withPropertyValues("multi-ws.endpoints.echo.observations.messages.enabled=true")
			.run((context) -> assertThat(context.getBean(ObservationWsListener.class)
				.sessionOpened(echoMatch(runtime(context)))).isNotSameAs(WsSessionListener.NONE));
	}

	@Test
	void anEndpointOptsOutOfMessageObservations() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class)
			.withPropertyValues("multi-ws.observations.messages.enabled=true",
					"multi-ws.endpoints.echo.observations.messages.enabled=false")
			.run((context) -> assertThat(context.getBean(ObservationWsListener.class)
				.sessionOpened(echoMatch(runtime(context)))).isSameAs(WsSessionListener.NONE));
	}

	@Test
	void aSessionWhoseObservationsAreDisabledIsNotObserved() {
		this.contextRunner.withPropertyValues("multi-ws.observations.messages.enabled=true")
			.withBean(ObservationRegistry.class, () -> {
				TestObservationRegistry registry = TestObservationRegistry.create();
				registry.observationConfig()
					.observationPredicate((name, observationContext) -> !name.startsWith("multiws"));
				return registry;
			})
			.run((context) -> {
				WsSessionListener session = context.getBean(ObservationWsListener.class)
					.sessionOpened(echoMatch(runtime(context)));
				assertThat(session).isSameAs(WsSessionListener.NONE);
			});
	}

	@Test
	void aSessionWhoseObservationsAreEnabledIsObserved() {
		this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class)
			.withPropertyValues("multi-ws.observations.messages.enabled=true")
			.run((context) -> {
				WsSessionListener session = context.getBean(ObservationWsListener.class)
					.sessionOpened(echoMatch(runtime(context)));
				assertThat(session).isNotSameAs(WsSessionListener.NONE);
				session.messageReceived("hi").close();
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("multiws.message")
					.that()
					.hasLowCardinalityKeyValue("endpoint", "echo")
					.hasLowCardinalityKeyValue("template", "/echo/{id}")
					.hasLowCardinalityKeyValue("outcome", "SUCCESS")
					.hasLowCardinalityKeyValue("message.type", "text")
					.hasHighCardinalityKeyValue("path", "/echo/1")
					.hasContextualNameEqualTo("websocket message /echo/{id}")
					.hasBeenStopped();
			});
	}

	private static WsEndpointMatch echoMatch(DefaultWsHubs hubs) {
		WsEndpointMatch match = hubs.mappings().match("/echo/1");
		assertThat(match).isNotNull();
		return match;
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
			assertThat(runtime(context).listener())
				.isSameAs(context.getBean(ObservationWsListener.class));
		});
	}

	@Test
	void combinesMetersAndObservations() {
		this.contextRunner
			.withUserConfiguration(MeterRegistryConfiguration.class, ObservationRegistryConfiguration.class)
			.run((context) -> {
				WsListener listener = runtime(context).listener();
				assertThat(listener).isNotSameAs(context.getBean(MicrometerWsListener.class))
					.isNotSameAs(context.getBean(ObservationWsListener.class));
				assertThat(listener.toString()).contains("MicrometerWsListener", "ObservationWsListener");
			});
	}

	@Test
	void aUserListenerObservesToo() {
		this.contextRunner.withBean("customListener", WsListener.class, () -> new WsListener() {
		}).run((context) -> assertThat(runtime(context).listener())
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

	private static DefaultWsHubs runtime(ApplicationContext context) {
		return DefaultWsHubs.of(context.getBean(WsHubs.class));
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
