package io.multiws.tests.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.tests.app.WireTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire test application run for one attack suite, in a context of its own so that
 * the suite can prove it still shuts down in time afterwards: within
 * {@code multi-ws.shutdown-timeout} and a second.
 *
 * @author multi-ws team
 */
public final class AttackedServer {

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	private final ConfigurableApplicationContext context;

	private AttackedServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start the application on a free port.
	 * @param properties the suite's properties
	 * @return the server
	 */
	public static AttackedServer start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"multi-ws.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms"));
		all.addAll(List.of(properties));
		return new AttackedServer(
				new SpringApplicationBuilder(WireTestApplication.class).properties(all.toArray(String[]::new)).run());
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * Return a bean of the application.
	 * @param <T> the type
	 * @param type the type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Shut the application down, as SIGTERM would, and check that it took no longer than
	 * the shutdown timeout and a second, whatever the attack left open.
	 */
	public void assertShutsDownInTime() {
		long start = System.nanoTime();
		this.context.close();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("shutdown with multi-ws.shutdown-timeout=%s", SHUTDOWN_TIMEOUT)
			.isLessThanOrEqualTo(SHUTDOWN_TIMEOUT.plusSeconds(1));
	}

}
