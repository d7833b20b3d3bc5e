package io.multiws.tests.attack;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import io.multiws.tests.app.WireTestApplication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server of the wire-test application of its own, for one attack: started with the
 * attack's properties on the stack of the test module, and stopped by the test, which
 * measures how long that takes with a hostile client still connected.
 *
 * @author multi-ws team
 */
final class ControlFrameAttackServer implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final ConfigurableApplicationContext context;

	private final int port;

	private ControlFrameAttackServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Start a server.
	 * @param properties the properties of the attack
	 * @return the server
	 */
	static ControlFrameAttackServer start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new ControlFrameAttackServer(
				new SpringApplicationBuilder(WireTestApplication.class).properties(all.toArray(String[]::new)).run());
	}

	int port() {
		return this.port;
	}

	DefaultWsHubs hubs() {
		return this.context.getBean(DefaultWsHubs.class);
	}

	WsAdmissionStatistics admission() {
		return this.context.getBean(WsAdmissionStatistics.class);
	}

	/**
	 * Wait for the one session of a hub.
	 * @param path the hub path
	 * @return the session
	 */
	DefaultWsSession awaitSession(String path) {
		return awaitSession(path, (session) -> true);
	}

	/**
	 * Wait for a session of a hub that matches.
	 * @param path the hub path
	 * @param filter which session
	 * @return the session
	 */
	DefaultWsSession awaitSession(String path, Predicate<WsSession> filter) {
		return await("a session in " + path).atMost(WAIT).until(() -> findSession(path, filter), (found) -> found != null);
	}

	private @Nullable DefaultWsSession findSession(String path, Predicate<WsSession> filter) {
		WsHub hub = hubs().find(path).orElse(null);
		if (hub == null) {
			return null;
		}
		for (WsSession session : hub.sessions()) {
			if (filter.test(session)) {
				return session.unwrap(DefaultWsSession.class);
			}
		}
		return null;
	}

	/**
	 * Stop the server while a client floods pings without reading, and check that it
	 * stops within the shutdown timeout and a second.
	 * @param shutdownTimeout the server's {@code multi-ws.shutdown-timeout}
	 * @throws Exception on failure
	 */
	void assertStopsPromptlyWithAHostileClient(Duration shutdownTimeout) throws Exception {
		try (PingFlood hostile = PingFlood.start(this.port, "/flood/at-shutdown")) {
			awaitSession("/flood/at-shutdown");
			await("the hostile client flooding").atMost(WAIT).until(() -> hostile.sentBytes() > 2 * 1024 * 1024);
			long start = System.nanoTime();
			this.context.close();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).as("shutdown with a client that pings without reading")
				.isLessThan(shutdownTimeout.plusSeconds(1));
		}
	}

	/**
	 * Return the memory the JVM retains after a full collection: the heap in use, and
	 * the direct buffers of the JDK and of Netty (which counts its own where it
	 * allocates them without the JDK's cleaner).
	 * @return the retained bytes
	 */
	static long retainedBytes() {
		System.gc();
		long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
			if (pool.getName().equals("direct")) {
				retained += pool.getMemoryUsed();
			}
		}
		return retained + Math.max(0, nettyDirectMemory());
	}

	private static long nettyDirectMemory() {
		try {
			Method used = Class.forName("io.netty.util.internal.PlatformDependent").getMethod("usedDirectMemory");
			return (long) used.invoke(null);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return -1;
		}
	}

	/**
	 * Return the name of a thread that waits inside a pong, if one does.
	 * @return the thread and where it waits, or {@code null}
	 */
	static @Nullable String threadWaitingInAPong() {
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			Thread.State state = entry.getKey().getState();
			if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
					|| state == Thread.State.BLOCKED) {
				for (StackTraceElement frame : entry.getValue()) {
					if (frame.getMethodName().equals("sendPong")) {
						return entry.getKey().getName() + " at " + frame;
					}
				}
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
