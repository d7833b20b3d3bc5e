package io.multiws.tests.security;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;

import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * multi-ws with Spring Security: the authenticated principal reaches callbacks, and an
 * endpoint that requires authentication refuses an anonymous upgrade with 401 before
 * the upgrade, never with "101 then close".
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = SecuredWireTests.SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.secure.require-authentication=true" })
class SecuredWireTests {

	@LocalServerPort
	int port;

	@Autowired
	WsHubs hubs;

	@Test
	void anAnonymousUpgradeToAnEndpointThatRequiresAuthenticationGets401() throws Exception {
		assertThat(RawWsClient.status(this.port, "/secure/room", Map.of())).isEqualTo(401);
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void anAuthenticatedUpgradeReachesTheCallbacksWithItsPrincipal() {
		try (WsTestConnection client = WsTestClient.forPort(this.port)
			.path("/secure/room")
			.header("Authorization", basic("alice", "secret"))
			.connect()) {
			assertThat(client.awaitText()).isEqualTo("welcome alice");
		}
	}

	@Test
	void wrongCredentialsAreRefusedBySpringSecurityBeforeTheUpgrade() throws Exception {
		assertThat(RawWsClient.status(this.port, "/secure/room", Map.of("Authorization", basic("alice", "wrong"))))
			.isEqualTo(401);
	}

	@Test
	void anEndpointWithoutTheRequirementStaysOpenToAnonymousClients() {
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/public/room")) {
			assertThat(client.awaitText()).isEqualTo("hello null");
		}
	}

	@Test
	void springSecurityUrlRulesApplyToUpgradesToo() throws Exception {
		assertThat(RawWsClient.status(this.port, "/admin/room", Map.of())).isEqualTo(401);
		try (WsTestConnection client = WsTestClient.forPort(this.port)
			.path("/admin/room")
			.header("Authorization", basic("alice", "secret"))
			.connect()) {
			assertThat(client.awaitText()).isEqualTo("admin alice");
		}
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@SpringBootApplication
	static class SecuredApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin/**")
				.authenticated()
				.anyRequest()
				.permitAll()).httpBasic(Customizer.withDefaults()).build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
		}

		@Bean
		Secure secure() {
			return new Secure();
		}

		@Bean
		Public publicEndpoint() {
			return new Public();
		}

		@Bean
		Admin admin() {
			return new Admin();
		}

	}

	@WsEndpoint(name = "secure", paths = "/secure/{room}")
	static class Secure {

		@OnOpen
		String onOpen(Principal principal) {
			return "welcome " + principal.getName();
		}

	}

	@WsEndpoint(name = "public", paths = "/public/{room}")
	static class Public {

		@OnOpen
		String onOpen(@org.jspecify.annotations.Nullable Principal principal) {
			return "hello " + principal;
		}

	}

	@WsEndpoint(name = "admin", paths = "/admin/{room}")
	static class Admin {

		@OnOpen
		String onOpen(Principal principal) {
			return "admin " + principal.getName();
		}

	}

}
