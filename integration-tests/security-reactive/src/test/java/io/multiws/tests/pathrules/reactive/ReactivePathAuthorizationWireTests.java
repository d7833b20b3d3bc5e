package io.multiws.tests.pathrules.reactive;

import io.multiws.tests.pathrules.AbstractPathAuthorizationWireTests;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The path-authorization suite on WebFlux and Reactor Netty behind Spring Security.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = ReactivePathAuthorizationWireTests.PathRulesApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ReactivePathAuthorizationWireTests extends AbstractPathAuthorizationWireTests {

	@SpringBootApplication
	@Import(ProtectedEndpoints.class)
	static class PathRulesApplication {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange((exchanges) -> exchanges.pathMatchers(RULES.split(", "))
					.authenticated()
					.anyExchange()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("alice").password("{noop}secret").roles("USER").build());
		}

	}

}
