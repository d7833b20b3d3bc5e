package io.multiws.tests.pathrules;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.support.RawWsClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub a session joins is always one that Spring Security checked the request
 * against. The application of a subclass protects {@value #RULES} (and permits every
 * other path) with Spring Security's own path rules, maps the endpoints of
 * {@link ProtectedEndpoints}, and knows the user {@code alice}/{@code secret}. Every
 * way of writing a protected path that Spring Security does not match as the protected
 * rule (a trailing slash, dot segments, empty segments, encodings, parameters, case)
 * must be refused before the upgrade or reach no endpoint at all: never a 101.
 *
 * @author multi-ws team
 */
public abstract class AbstractPathAuthorizationWireTests {

	/**
	 * The rules that a subclass's Spring Security configuration marks as authenticated.
	 */
	public static final String RULES = "/admin/{room}, /team/*, /vault/**";

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@AfterEach
	void noHubIsLeft() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.hubs.count()).isZero());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/room/", "/admin/room/.", "/admin/room/./", "/admin/./room", "/admin/room/%2e",
			"/admin/room/%2E/", "/admin//room", "/admin/room//", "//admin/room", "/./admin/room", "/admin/x/../room",
			"/admin/room/..", "/admin/room%2F", "/admin/room%2f.", "/admin/room;x=1/", "/admin;x=1/room/",
			"/%61dmin/room/", "/ADMIN/room", "/admin/room/?x=1", "/team/a/", "/team/a/.", "/team//a", "/team/./a",
			"/team/a%2Fb", "/team/a/b", "/vault/", "/vault/x/", "/vault/x/./y", "/vault//x" })
	void anAnonymousUpgradeNeverJoinsAProtectedHubThroughAnotherSpellingOfItsPath(String target) throws Exception {
		int status = RawWsClient.status(this.port, target, Map.of());
		assertThat(status).as("anonymous upgrade to %s", target).isNotEqualTo(101).isBetween(400, 404);
		assertThat(this.hubs.count()).as("hubs after an anonymous upgrade to %s", target).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/room", "/admin/%72oom", "/%61dmin/room", "/team/a", "/team/%61", "/vault",
			"/vault/x", "/vault/x/y" })
	void everySpellingThatReachesAProtectedHubIsCheckedBySpringSecurity(String target) throws Exception {
		assertThat(RawWsClient.status(this.port, target, Map.of())).as("anonymous upgrade to %s", target)
			.isEqualTo(401);
		assertThat(RawWsClient.status(this.port, target, Map.of("Authorization", basic("alice", "secret"))))
			.as("authenticated upgrade to %s", target)
			.isEqualTo(101);
	}

	@Test
	void anAuthenticatedSessionReachesTheProtectedHubWithItsPrincipal() {
		try (WsTestConnection client = WsTestClient.forPort(this.port)
			.path("/admin/room")
			.header("Authorization", basic("alice", "secret"))
			.connect()) {
			assertThat(client.awaitText()).isEqualTo("hello alice");
		}
	}

	@Test
	void aTrailingSlashIsRefusedWith400AndAReasonOnAPublicEndpointToo() throws Exception {
		try (RawWsClient client = RawWsClient.upgrade(this.port, "/open/room/", Map.of(), 0)) {
			assertThat(client.status()).isEqualTo(400);
			assertThat(client.refusalBody()).contains("trailing '/'");
		}
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/open/room")) {
			assertThat(client.awaitText()).isEqualTo("hello null");
		}
	}

	protected static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The endpoints of the suite: three behind the path rules, one open.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class ProtectedEndpoints {

		@Bean
		Greeter admin() {
			return new Greeter();
		}

		@Bean
		Team team() {
			return new Team();
		}

		@Bean
		Vault vault() {
			return new Vault();
		}

		@Bean
		Open open() {
			return new Open();
		}

	}

	@WsEndpoint(name = "admin", paths = "/admin/{room}")
	static class Greeter {

		@OnOpen
		String onOpen(@Nullable Principal principal) {
			return "hello " + ((principal != null) ? principal.getName() : null);
		}

	}

	@WsEndpoint(name = "team", paths = "/team/{room}")
	static class Team extends Greeter {

	}

	@WsEndpoint(name = "vault", paths = "/vault/**")
	static class Vault extends Greeter {

	}

	@WsEndpoint(name = "open", paths = "/open/{room}")
	static class Open extends Greeter {

	}

}
