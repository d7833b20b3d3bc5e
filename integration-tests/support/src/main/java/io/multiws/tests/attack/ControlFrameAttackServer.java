package io.multiws.tests.attack;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
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

	/**
	 * Whether the server uses the container optimizations
	 * ({@code multi-ws.container-optimizations.enabled}, which the {@code portable}
	 * surefire executions set to {@code false}).
	 * @return whether they are on
	 */
	boolean containerOptimizations() {
		return this.context.getEnvironment()
			.getProperty("multi-ws.container-optimizations.enabled", Boolean.class, true);
	}

	DefaultWsHubs hubs() {
		return DefaultWsHubs.of(this.context.getBean(WsHubs.class));
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
				return (session instanceof DefaultWsSession runtime) ? runtime : null;
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
	 * Return the memory the JVM retains after a full collection: the heap that the
	 * collection left in use (while the flood goes on, what is allocated after it is
	 * garbage not yet collected), and the direct buffers of the JDK and of Netty (which
	 * counts its own where it allocates them without the JDK's cleaner). A direct buffer
	 * that the collection found unreachable is still counted until the JDK's reference
	 * handler thread has run its cleaner: Jetty copies each ping's payload into a new
	 * direct buffer (its {@code JettyWebSocketFrameHandler.onPingFrame}), garbage at once
	 * but released only so. The reading waits until the count of direct buffers stops
	 * falling, then collects again: a cleaner is on the heap until it has run.
	 * @return the retained bytes
	 */
	static volatile String lastReading = "none";

	static long retainedBytes() {
		System.gc();
		AtomicLong buffers = new AtomicLong(Long.MAX_VALUE);
		await("the cleaners of unreachable direct buffers run").pollInterval(Duration.ofMillis(20))
			.atMost(Duration.ofSeconds(5))
			.until(() -> directBuffers() >= buffers.getAndSet(directBuffers()));
		// Again, for the cleaners that ran, which were live in the first collection
		System.gc();
		long heap = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			MemoryUsage afterCollection = pool.getCollectionUsage();
			if (pool.getType() == MemoryType.HEAP && afterCollection != null) {
				heap += afterCollection.getUsed();
			}
		}
		long direct = directBytes();
		lastReading = "heap after collection " + heap + " B, direct " + direct + " B in " + directBuffers() + " buffers";
		return heap + direct;
	}

	private static long directBuffers() {
		return directPool().getCount();
	}

	private static BufferPoolMXBean directPool() {
		for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
			if (pool.getName().equals("direct")) {
				return pool;
			}
		}
		throw new IllegalStateException("No direct buffer pool");
	}

	private static long directBytes() {
		return directPool().getMemoryUsed() + Math.max(0, nettyDirectMemory());
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
