package io.multiws.core;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The lifecycle of the {@link DefaultWsHubs registry} in the application context: the
 * sweep starts with the context, new upgrades are refused from the very start of its
 * shutdown, every session is drained with 1001 when it stops (see
 * {@link RegistryShutdown}), and the registry's threads end when it is destroyed.
 *
 * @author multi-ws team
 */
abstract class RegistryLifecycle
		implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered, DisposableBean {

	private volatile boolean running;

	/**
	 * Return the live hubs and their membership.
	 * @return the registry
	 */
	abstract HubRegistry registry();

	/**
	 * Return the clock and timer that sweep the sessions.
	 * @return the sweeper
	 */
	abstract SessionSweeper sweeper();

	/**
	 * Return how long shutdown waits for sessions to close.
	 * @return the shutdown timeout
	 */
	abstract Duration shutdownTimeout();

	@Override
	public void start() {
		registry().setDraining(false);
		sweeper().start();
		this.running = true;
	}

	/**
	 * Refuse new upgrades from the very start of shutdown, before any bean stops.
	 * @param event the event
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		registry().setDraining(true);
	}

	/**
	 * Run first among the listeners of {@link ContextClosedEvent}.
	 * @return the highest precedence
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void stop() {
		RegistryShutdown.drain(registry(), sweeper(), shutdownTimeout());
		sweeper().stop();
		this.running = false;
	}

	/**
	 * Stop the registry's threads: a stopped registry may be started again (a paused
	 * test context is), a destroyed one not.
	 */
	@Override
	public void destroy() {
		sweeper().destroy();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DefaultWsHubs.PHASE;
	}

	/**
	 * Whether new upgrades are refused because the application is shutting down.
	 * @return {@code true} once shutdown has started
	 */
	public boolean isDraining() {
		return registry().isDraining();
	}

}
