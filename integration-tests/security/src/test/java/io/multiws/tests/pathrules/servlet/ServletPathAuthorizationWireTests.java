package io.multiws.tests.pathrules.servlet;

import io.multiws.tests.pathrules.AbstractPathAuthorizationWireTests;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The path-authorization suite on Spring MVC and Tomcat behind Spring Security.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = ServletPathAuthorizationWireTests.PathRulesApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ServletPathAuthorizationWireTests extends AbstractPathAuthorizationWireTests {

	@SpringBootApplication
	@Import(ProtectedEndpoints.class)
	static class PathRulesApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers(RULES.split(", "))
					.authenticated()
					.anyRequest()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build());
		}

	}

}
