package io.multiws.autoconfigure;

import io.multiws.client.WsClientScript;
import io.multiws.reactive.ReactiveClientScriptRouter;
import io.multiws.servlet.ServletClientScriptRouter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MultiWsClientScriptAutoConfiguration}.
 *
 * @author multi-ws team
 */
class MultiWsClientScriptAutoConfigurationTests {

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsClientScriptAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MultiWsClientScriptAutoConfiguration.class));

	@Test
	void servesTheClientOnSpringMvc() {
		this.servlet.run((context) -> {
			assertThat(context).hasSingleBean(ServletClientScriptRouter.class);
			assertThat(context).doesNotHaveBean(ReactiveClientScriptRouter.class);
		});
	}

	@Test
	void servesTheClientOnWebFlux() {
		this.reactive.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveClientScriptRouter.class);
			assertThat(context).doesNotHaveBean(ServletClientScriptRouter.class);
		});
	}

	@Test
	void aPropertySwitchesItOff() {
		this.servlet.withPropertyValues("multi-ws.client-script.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServletClientScriptRouter.class));
		this.reactive.withPropertyValues("multi-ws.client-script.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveClientScriptRouter.class));
	}

	@Test
	void goesWithMultiWs() {
		this.servlet.withPropertyValues("multi-ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServletClientScriptRouter.class));
	}

	@Test
	void backsOffForARouterOfTheApplication() {
		this.servlet.withBean("myRouter", ServletClientScriptRouter.class,
				() -> new ServletClientScriptRouter(WsClientScript.script()))
			.run((context) -> assertThat(context).getBean(ServletClientScriptRouter.class)
				.isSameAs(context.getBean("myRouter")));
	}

}
