package io.multiws.test.autoconfigure;

import io.multiws.test.WsSessionOpenings;
import io.multiws.test.WsTestClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the injected {@link WsTestClient}, imported by
 * {@link AutoConfigureWsTestClient @AutoConfigureWsTestClient}: the client, bound to the
 * application's web server, and the {@link WsSessionOpenings} listener that tells it when
 * the server has opened each of its sessions.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication
public final class WsTestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsSessionOpenings multiWsTestSessionOpenings() {
		return new WsSessionOpenings();
	}

	@Bean
	@ConditionalOnMissingBean
	WsTestClient wsTestClient(ApplicationContext applicationContext) {
		return WsTestClient.forApplication(applicationContext);
	}

}
