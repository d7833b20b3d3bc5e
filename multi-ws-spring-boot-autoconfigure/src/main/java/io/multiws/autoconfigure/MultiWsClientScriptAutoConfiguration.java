package io.multiws.autoconfigure;

import io.multiws.client.WsClientScript;
import io.multiws.reactive.ReactiveClientScriptRouter;
import io.multiws.servlet.ServletClientScriptRouter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that serves the browser client, {@code multi-ws.js}, at
 * {@value WsClientScript#SCRIPT_PATH} and its TypeScript declarations at
 * {@value WsClientScript#TYPES_PATH}, on Spring MVC and on WebFlux, with a strong ETag;
 * {@code multi-ws.client-script.enabled=false} switches it off.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
@AutoConfiguration(after = MultiWsAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "multi-ws.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "multi-ws.client-script.enabled", matchIfMissing = true)
@ImportRuntimeHints(WsClientScript.Hints.class)
public final class MultiWsClientScriptAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunctions")
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServletClientScriptRouter multiWsClientScriptRouter() {
			return new ServletClientScriptRouter(WsClientScript.script(), WsClientScript.types());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunctions")
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveClientScriptRouter multiWsReactiveClientScriptRouter() {
			return new ReactiveClientScriptRouter(WsClientScript.script(), WsClientScript.types());
		}

	}

}
