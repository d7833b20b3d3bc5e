package io.multiws.autoconfigure;

import io.multiws.autoconfigure.MultiWsAutoConfigurationTests.EchoConfiguration;
import io.multiws.hub.WsHubs;
import io.multiws.reactive.ReactiveWsHandlerMapping;
import io.multiws.reactive.WsCallbackExecutor;
import io.multiws.servlet.ServletWsHandlerMapping;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the reactive part of {@link MultiWsAutoConfiguration}, and for each stack's
 * part staying out of the other stack's applications.
 *
 * @author multi-ws team
 */
class MultiWsReactiveAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class, MultiWsWebFluxAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class);

	@Test
	void registersTheRegistryAndTheReactiveUpgradeMapping() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WsHubs.class);
			assertThat(context).hasSingleBean(ReactiveWsHandlerMapping.class);
			assertThat(context).doesNotHaveBean(ServletWsHandlerMapping.class);
			assertThat(context.getBean(ReactiveWsHandlerMapping.class).getOrder())
				.isEqualTo(MultiWsAutoConfiguration.HANDLER_MAPPING_ORDER);
		});
	}

	@Test
	void runsCallbacksOnABoundedPoolByDefault() {
		this.contextRunner.run((context) -> {
			WsCallbackExecutor callbacks = context.getBean(WsCallbackExecutor.class);
			assertThat(callbacks.isOnEventLoop()).isFalse();
			assertThat(callbacks).hasToString("WsCallbackExecutor[threads=16, HandshakeQueue[pending=0, maxRunning=8,"
					+ " maxQueued=256]]");
		});
	}

	@Test
	void runsCallbacksOnTheEventLoopWhenConfigured() {
		this.contextRunner.withPropertyValues("multi-ws.reactive.callbacks-on-event-loop=true")
			.run((context) -> assertThat(context.getBean(WsCallbackExecutor.class).isOnEventLoop()).isTrue());
	}

	@Test
	void startsOnReactorNetty() {
		this.contextRunner.withBean(NettyReactiveWebServerFactory.class, NettyReactiveWebServerFactory::new)
			.run((context) -> assertThat(context).hasSingleBean(ReactiveWsHandlerMapping.class));
	}

	@Test
	void startsOnTomcat() {
		this.contextRunner.withBean(TomcatReactiveWebServerFactory.class, TomcatReactiveWebServerFactory::new)
			.run((context) -> assertThat(context).hasSingleBean(ReactiveWsHandlerMapping.class));
	}

	@Test
	void refusesToStartOnAnotherWebFluxServerAndSaysWhatToUse() {
		this.contextRunner.withBean("otherServerFactory", ReactiveWebServerFactory.class, () -> (httpHandler) -> {
			throw new UnsupportedOperationException();
		})
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("multi-ws on Spring WebFlux runs on Reactor Netty or Tomcat")
				.hasMessageContaining("bean 'otherServerFactory'")
				.hasMessageContaining("spring-boot-starter-reactor-netty")
				.hasMessageContaining("multi-ws-spring-boot-starter for Spring MVC"));
	}

	@Test
	void needsNoServletApiOnAReactiveApplication() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("jakarta.servlet", "jakarta.websocket",
					"org.springframework.web.servlet", "org.springframework.web.socket"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ReactiveWsHandlerMapping.class);
			});
	}

	@Test
	void needsNoReactorOnAServletApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MultiWsAutoConfiguration.class,
					MultiWsWebMvcAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class)
			.withClassLoader(new FilteredClassLoader("reactor.", "org.springframework.web.reactive"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ServletWsHandlerMapping.class);
				assertThat(context).doesNotHaveBean(WsCallbackExecutor.class);
			});
	}

}
